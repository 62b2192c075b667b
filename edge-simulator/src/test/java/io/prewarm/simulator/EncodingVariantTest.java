package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodingVariantTest {

    @ParameterizedTest(name = "''{0}'' is cached as {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "gzip, deflate, br | br",
        "br;q=1.0          | br",
        "GZIP              | gzip",
        "deflate, gzip     | gzip",
        "gzip;q=0.8, zstd  | gzip",
        "identity          | none",
        "brotli            | none",
        "NULL              | none",
    })
    void acceptEncodingIsNormalisedToTheCompressionCloudFrontWouldStore(String acceptEncoding, String variant) {
        assertEquals(variant, EdgeCache.normalise(acceptEncoding));
    }
}
