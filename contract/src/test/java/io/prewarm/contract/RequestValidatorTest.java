package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestValidatorTest {
    private final RequestValidator validator = new RequestValidator(PopCatalog.load(Optional.empty()), 3);

    private static String body(String urls, String rest) {
        return "{\"url_list\": " + urls + ", \"cf_domain\": \"d111111abcdef8.cloudfront.net\"" + rest + "}";
    }

    @Test
    void theSeedExampleIsAcceptedWithCountriesResolvedToDistinctPops() {
        PrewarmRequest v = validator.submission(body("[\"https://www.example.com/index.html\", \"https://www.example.com/images/demo.png\"]",
                ", \"target_type\": \"country\", \"protocol\": \"http\", \"region\": [\"china\",\"india\",\"japan\",\"new_zealand\",\"australia\","
                        + "\"malaysia\",\"indonesia\",\"philippines\",\"singapore\",\"thailand\",\"vietnam\",\"south_korea\"]"));
        assertEquals(10, v.pops().size());
        assertEquals("d111111abcdef8", v.dist().orElseThrow());
        assertEquals("http", v.protocol());
    }

    /** The first seed's shape: no target_type, region a PoP list, "all" or region codes; countries are inferred too. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[\"ATL56-C1\", \"DFW55-C3\"]|pop|2",
        "\"all\"|region|34",
        "\"apac\"|region|-1",
        "[\"au\", \"jp\"]|region|-1",
        "[\"japan\", \"india\"]|country|-1",
        "[\"all\"]|region|34",
    })
    void withoutTargetTypeTheKindOfRegionDecides(String region, String type, int pops) {
        PrewarmRequest v = validator.submission("{\"url_list\": [\"https://www.example.com/index.html\"], \"cf_domain\": "
                + "\"d3hvi5wvyqg3lv.cloudfront.net\", \"region\": " + region + "}");
        assertEquals(type, v.targetType());
        if (pops > 0) {
            assertEquals(pops, v.pops().size());
        } else {
            org.junit.jupiter.api.Assertions.assertFalse(v.pops().isEmpty());
        }
    }

    @Test
    void aCallbackUrlNeedsTheSecretAndAPublicAddressUnlessAllowed() {
        String body = body("[\"https://a.example/\"]", ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"callback_url\": \"http://127.0.0.1:9/hook\"");
        RequestValidator signed = new RequestValidator(PopCatalog.load(Optional.empty()), 3,
                new WebhookPolicy(Optional.of("s3cret"), List.of()));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> signed.submission(body));
        assertEquals("callback_url", refused.field());
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("PREWARM_WEBHOOK_ALLOW"), refused.getMessage());
        RequestValidator allowing = new RequestValidator(PopCatalog.load(Optional.empty()), 3,
                new WebhookPolicy(Optional.of("s3cret"), List.of(WebhookPolicy.Cidr.parse("127.0.0.0/8"))));
        assertEquals("http://127.0.0.1:9/hook", allowing.submission(body).callbackUrl());
        assertEquals("callback_url", assertThrows(InvalidRequestException.class, () -> validator.submission(body)).field());
    }

    @Test
    void allRegionsIsTheUnionOf34Pops() {
        PrewarmRequest v = validator.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": \"all\""));
        assertEquals(34, v.pops().size());
        assertEquals(List.of("all"), v.region());
    }

    @Test
    void duplicateUrlsCountOnceAndProtocolDefaultsToHttp() {
        PrewarmRequest v = validator.submission(body("[\"https://a.example/1\", \"https://a.example/1\"]", ", \"target_type\": \"pop\", \"region\": [\"atl56-c1\"]"));
        assertEquals(List.of("https://a.example/1"), v.urlList());
        assertEquals(List.of("ATL56-C1"), v.pops());
        assertEquals("http", v.protocol());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|body",
        "[1,2]|body",
        "{\"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list",
        "{\"url_list\": [], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list",
        "{\"url_list\": [\"ftp://a.example/x\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[0]",
        "{\"url_list\": [\"https://a.example/\", \"/relative\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[1]",
        "{\"url_list\": [\"https://u:p@a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[0]",
        "{\"url_list\": [42], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[0]",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"evil.example.com\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|cf_domain",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"region\": [\"ATL56-C1\", \"us\"]}|target_type",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"region\": [\"japan\", \"us\"]}|target_type",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"region\": [\"atlantis\"]}|region",
        "{\"url_list\": [\"https://{host}/index.html\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[0]",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"callback_url\": \"https://hooks.example/x\"}|callback_url",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"retry_of\": \"x\"}|retry_of",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"planet\", \"region\": [\"ATL56-C1\"]}|target_type",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\"}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"region\", \"region\": [\"us\", \"mars\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"atlantis\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"protocol\": \"gopher\"}|protocol",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"regoin\": 1}|regoin",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": {\"Host\": \"evil.example\"}}|headers.Host",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": {\"Transfer-Encoding\": \"chunked\"}}|headers.Transfer-Encoding",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": {\"X-A\": \"1\\r\\nX-B: 2\"}}|headers.X-A",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": {\"Bad Name\": \"1\"}}|headers",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": [\"User-Agent: x\"]}|headers",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"encodings\": \"gzip\"}|encodings",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"encodings\": [\"gzip\\r\\nX: y\"]}|encodings[0]",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]} trailing|body",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}{}|body",
        "{\"url_list\": [\"https://a.example/\"], \"url_list\": [\"https://b.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"headers\": {\"X-A\": \"1\", \"X-A\": \"2\"}}|headers.X-A",
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [{\"a\": 1, \"a\": 2}]}|region[0].a",
        "{\"url_list\": [\"https://a.example/\\ud800\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|url_list[0]",
    })
    void aMistakeIsRejectedNamingTheField(String json, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.submission(json));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void aBlankBodyIsRejectedAsTheBody() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.submission(" \n "));
        assertEquals("body", e.field());
    }

    @Test
    void cfDomainIsOptionalAndHeadersAndEncodingsAreKept() {
        PrewarmRequest v = validator.submission("{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": \"all\", "
                + "\"headers\": {\"User-Agent\": \"Mozilla/5.0 prewarm\"}, \"encodings\": [\"br\", \"gzip\", \"\", \"br\"]}");
        assertTrue(v.dist().isEmpty());
        assertEquals(java.util.Map.of("User-Agent", "Mozilla/5.0 prewarm"), v.headers());
        assertEquals(List.of("br", "gzip", ""), v.encodings());
        assertEquals(34, v.pops().size());
    }

    @Test
    void anOperatorCatalogReplacesTheBundledOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("catalog.json");
        java.nio.file.Files.writeString(file, "{\"regions\": {\"lab\": [\"LAB1-C1\"]}, \"countries\": {\"moon\": [\"MON1-C1\", \"MON2-C1\"]}}");
        RequestValidator custom = new RequestValidator(PopCatalog.load(Optional.of(file)), 10);
        assertEquals(List.of("LAB1-C1"), custom.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": [\"lab\"]")).pops());
        assertEquals(2, custom.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"country\", \"region\": \"all\"")).pops().size());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> custom.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": [\"us\"]")));
        assertTrue(e.getMessage().contains("[lab]"), e.getMessage());
    }

    @Test
    void unknownRegionsAreNamedAlongWithTheAllowedOnes() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.submission(
                body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": [\"us\", \"mars\"]")));
        assertTrue(e.getMessage().contains("\"mars\""), e.getMessage());
        assertTrue(e.getMessage().contains("apac"), e.getMessage());
    }

    @Test
    void tooManyUrlsIsTooLargeNotInvalid() {
        assertThrows(RequestTooLargeException.class, () -> validator.submission(
                body("[\"https://a.example/1\", \"https://a.example/2\", \"https://a.example/3\", \"https://a.example/4\"]",
                        ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]")));
    }

    @Test
    void aRecordsResolvedPopsAreUsedWithoutTheCatalog() {
        RequestValidator labOnly = new RequestValidator(new PopCatalog(java.util.Map.of("lab", List.of("LAB1-C1")), java.util.Map.of()), 10);
        PrewarmRequest published = validator.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": [\"us\"]"));
        PrewarmRequest read = labOnly.record(Json.MAPPER.valueToTree(published).toString());
        assertEquals(published.pops(), read.pops(), "a catalog without region us does not fail what ingest accepted");
        assertEquals(List.of("us"), read.region());
    }

    @Test
    void aRecordWithoutPopsIsResolvedByTheCatalog() {
        assertEquals(List.of("ATL56-C1"), validator.record(body("[\"https://a.example/\"]", ", \"target_type\": \"pop\", \"region\": [\"atl56-c1\"]")).pops());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"pops\": []|pops",
        "\"pops\": \"ATL56-C1\"|pops",
        "\"pops\": [\"ATL56-C1\", \"evil.example\"]|pops[1]",
        "\"pops\": [7]|pops[0]",
    })
    void aRecordsPopsMustBePopIds(String pops, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> validator.record(body("[\"https://a.example/\"]", ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], " + pops)));
        assertEquals(field, e.field());
    }

    @Test
    void aSubmissionCannotChooseItsResolvedPops() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> validator.submission(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": \"us\", \"pops\": [\"ATL56-C1\"]")));
        assertEquals("pops", e.field());
        assertTrue(!e.getMessage().contains("pops,"), "the allowed list does not offer it: " + e.getMessage());
    }

    @Test
    void aSubmissionCannotBeAChunkButARecordCan() {
        String chunk = body("[\"https://a.example/\"]", ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"chunk_index\": 0, \"chunk_count\": 2");
        assertEquals("chunk_index", assertThrows(InvalidRequestException.class, () -> validator.submission(chunk)).field());
        assertEquals(2, validator.record(chunk).chunkCountOrOne());
    }
}
