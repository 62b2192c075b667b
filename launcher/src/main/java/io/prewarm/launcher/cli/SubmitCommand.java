package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code ./prewarm submit}: reads URLs (or takes the documents {@code --sitemap}, {@code --hls} or
 * {@code --dash} name), sends them as one {@code POST /prewarm}, prints the requestID as stdout's
 * first line (so {@code id=$(./prewarm submit --no-follow ...)} works), then follows the job to its
 * end and prints a summary; the exit code is the job's outcome.
 */
final class SubmitCommand {
    static final String USAGE = "./prewarm submit [--cf-domain D] (--pop P... | --region R... | --country C...) [--protocol http|https]\n"
            + "                 [--callback-url URL] [--verify | --no-verify] [--max-rate N] [--server URL] [--api-key KEY] [--no-follow]\n"
            + "                 (FILE|- [--expand none|sitemap|hls|dash|auto] | --sitemap URL... | --hls URL... | --dash URL...)\n"
            + "                 [--expand-limit N] [--expand-host H...] [--segments N|Ns]   (N segments, or N seconds, per rendition)";

    private SubmitCommand() {
    }

    static int run(List<String> argv, CliIo io) {
        Args args = Args.parse(argv, SubmitRequest.VALUED, SubmitRequest.FLAGS);
        SubmitRequest request = SubmitRequest.from(args);
        StatusClient client = StatusClient.from(args, io.env());
        List<String> urls = request.urls(io.in());
        String id = submit(client, request.body(urls), urls.size());
        io.out().println(id);
        io.out().flush();
        if (args.flag("--no-follow")) {
            return Exit.COMPLETED;
        }
        boolean expands = request.expansion().expands();
        String what = expands ? urls.size() + " document" + (urls.size() == 1 ? "" : "s") + " to expand (" + request.expansion().kind().orElseThrow()
                + "), the total growing as they are read" : urls.size() + " URL" + (urls.size() == 1 ? "" : "s");
        io.err().printf("prewarm: following job %s (%s) on %s; Ctrl-C stops following, not the job (./prewarm cancel %s stops it)%n",
                id, what, client.server(), id);
        return Follower.toTheEnd(client, io, id, expands);
    }

    private static String submit(StatusClient client, String body, int urls) {
        StatusClient.Answer a = client.submit(body);
        if (a.code() == 413) {
            throw new CliError(Exit.REFUSED, "the server refused " + urls + " URLs in one request (HTTP 413): " + a.message()
                    + ". A server takes at most PREWARM_MAX_URLS URLs (100,000 by default) and 16 MiB per request: "
                    + "split the file (e.g. split -l 50000 FILE part-) and submit each part");
        }
        if (a.code() == 503) {
            throw new CliError(Exit.UNAVAILABLE, "the server could not take the request now (HTTP 503: " + a.message()
                    + "); it was not accepted, so submitting again is safe");
        }
        JsonNode accepted = StatusClient.expectOk(a);
        if (!accepted.path("requestID").isTextual()) {
            throw new CliError(Exit.UNAVAILABLE, "the server accepted the request but sent no requestID: " + a.body());
        }
        return accepted.path("requestID").asText();
    }
}
