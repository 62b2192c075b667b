package io.prewarm.launcher.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the URLs to warm from a file or stdin: one per line, surrounding blanks trimmed, blank
 * lines and {@code #} comments skipped, so a URL list can be kept and annotated as a plain file.
 * The input must be UTF-8; a file that cannot be read ends the command with {@link Exit#NO_INPUT}.
 */
final class UrlSource {
    private UrlSource() {
    }

    static List<String> read(String source, InputStream stdin) {
        String name = source.equals("-") ? "stdin" : source;
        try (BufferedReader reader = source.equals("-")
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()))
                : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
            List<String> urls = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String url = line.replace("\uFEFF", "").strip();
                if (!url.isEmpty() && !url.startsWith("#")) {
                    urls.add(url);
                }
            }
            if (urls.isEmpty()) {
                throw new CliError(Exit.REFUSED, name + " holds no URLs (one per line; blank lines and # comments are skipped)");
            }
            return urls;
        } catch (NoSuchFileException e) {
            throw new CliError(Exit.NO_INPUT, "cannot read " + name + ": no such file");
        } catch (CharacterCodingException e) {
            throw new CliError(Exit.NO_INPUT, "cannot read " + name + ": not UTF-8");
        } catch (IOException e) {
            throw new CliError(Exit.NO_INPUT, "cannot read " + name + ": " + e.getMessage());
        }
    }
}
