package io.prewarm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Where every {@code @TempDir} of a module that uses test-support lives: under the module's
 * {@code target/test-tmp}, not the OS temp directory. Kafka Streams rightly warns about a state
 * directory under the OS temp dir (it may be cleared underneath a running app), and the tests' state
 * directories are real ones. Chosen for every test by {@code junit-platform.properties} in this module.
 */
public final class BuildDirTempDirs implements TempDirFactory {
    static final Path ROOT = Path.of("target", "test-tmp");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Files.createDirectories(ROOT);
        return Files.createTempDirectory(ROOT.toAbsolutePath(), "junit-");
    }
}
