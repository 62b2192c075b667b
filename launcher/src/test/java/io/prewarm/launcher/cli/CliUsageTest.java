package io.prewarm.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes on the command line and in the input end with their own exit code and a clear line, before anything is sent. */
class CliUsageTest {
    @TempDir
    Path dir;
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run run(String stdin, String line) {
        List<String> args = new ArrayList<>(List.of(line.split(" ")));
        args.add(1, "--server=" + server.url());
        return CliRunner.run(stdin, Map.of(), args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "submit --region us                     | give the URL file, or - to read URLs from stdin",
        "submit -                               | say where to warm: --pop, --region or --country",
        "submit --pop ATL56-C1 --region us -    | give one target kind, not --pop and --region",
        "submit --region us --pop               | --pop needs a value",
        "submit --region , -                    | --region needs at least one value",
        "submit --region us,all -               | --region all stands alone",
        "submit --region us --protocol ftp -    | --protocol is http or https, not 'ftp'",
        "submit --region us --regoin eu -       | unknown option --regoin",
        "submit --region us a.txt b.txt         | give one URL file, not 2: a.txt b.txt",
        "submit --region us --cf-domain a --cf-domain b - | --cf-domain is given 2 times",
        "submit --region us --verify --no-verify - | give --verify or --no-verify, not both",
        "submit --region us --max-rate fast -    | --max-rate is a whole number of requests per second, not 'fast'",
        "submit --region us --max-rate -5 -      | --max-rate is a whole number of requests per second, not '-5'",
        "submit --region us --no-verify=yes -    | unknown option --no-verify",
        "submit --region us --sitemap http://a.example/s.xml --hls http://a.example/m.m3u8 | give one kind of document per job, not --sitemap and --hls",
        "submit --region us --sitemap http://a.example/s.xml --expand hls | --sitemap already means --expand sitemap, not --expand hls",
        "submit --region us --dash http://a.example/m.mpd urls.txt | --dash names the documents; give no URL file as well, not urls.txt",
        "submit --region us --hls | --hls needs a value",
        "submit --region us --segments 1m --expand hls - | --segments is N (the first N segments of each rendition) or Ns (its first N seconds), not '1m'",
        "submit --region us --expand-limit lots --expand auto - | --expand-limit is a whole number of URLs, not 'lots'",
        "submit --region us --expand sitemap --expand hls - | --expand is given 2 times",
        "status                                 | give the requestID",
        "status a b                             | give one requestID, not 2",
        "submit --region us - --callback-url    | --callback-url needs a value",
        "cancel                                 | give the requestID",
        "cancel a b                             | give one requestID, not 2",
        "cancel --no-follow a                   | unknown option --no-follow",
        "retry                                  | give the requestID",
        "retry a --json                         | unknown option --json",
        "warm --region us -                     | unknown command 'warm'; expected submit, status, cancel or retry",
    })
    void usageErrorsExit64WithTheReasonAndTheUsageAndSendNothing(String line, String reason) {
        CliRunner.Run run = run("http://a.example/1\n", line.strip());

        assertEquals(Exit.USAGE, run.code(), run.err());
        assertTrue(run.err().contains(reason), run.err());
        assertTrue(run.err().contains("usage: ./prewarm "), run.err());
        assertTrue(server.calls.isEmpty());
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsAUsageError() {
        CliRunner.Run run = CliRunner.run("", Map.of("PREWARM_SERVER", "localhost:8080"), "status", "job-1");

        assertEquals(Exit.USAGE, run.code());
        assertTrue(run.err().contains("--server: expected http(s)://host[:port], got 'localhost:8080'"), run.err());
    }

    @Test
    void aMissingFileExits66() {
        CliRunner.Run run = run("", "submit --region us " + dir.resolve("nope.txt"));

        assertEquals(Exit.NO_INPUT, run.code());
        assertTrue(run.err().contains("nope.txt: no such file"), run.err());
        assertTrue(server.calls.isEmpty());
    }

    @Test
    void inputThatIsNotUtf8Exits66() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), new byte[] {'h', 't', 't', 'p', ':', '/', '/', 'a', '/', (byte) 0xE9, '\n'});

        assertEquals(Exit.NO_INPUT, run("", "submit --region us " + file).code());
    }

    @Test
    void inputWithoutUrlsIsRefusedBeforeSending() {
        CliRunner.Run run = run("# nothing here\n\n", "submit --region us -");

        assertEquals(Exit.REFUSED, run.code());
        assertTrue(run.err().contains("stdin holds no URLs"), run.err());
        assertTrue(server.calls.isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"submit", "status", "cancel", "retry"})
    void helpPrintsTheCommandsUsageAndTheExitCodesOnStdout(String command) {
        CliRunner.Run run = CliRunner.run("", Map.of(), command, "--help");

        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("usage: ./prewarm " + command + " "), run.out());
        assertTrue(run.out().contains("4 CANCELLED") && run.out().contains("67 unknown requestID") && run.out().contains("69 server unreachable"),
                run.out());
    }

    @Test
    void anUnknownCommandShowsEveryCommandsUsage() {
        CliRunner.Run run = CliRunner.run("", Map.of(), "warm");

        for (String command : List.of("submit", "status", "cancel", "retry")) {
            assertTrue(run.err().contains("./prewarm " + command + " "), run.err());
        }
    }
}
