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
        ValidatedRequest v = validator.validate(body("[\"https://www.example.com/index.html\", \"https://www.example.com/images/demo.png\"]",
                ", \"target_type\": \"country\", \"protocol\": \"http\", \"region\": [\"china\",\"india\",\"japan\",\"new_zealand\",\"australia\","
                        + "\"malaysia\",\"indonesia\",\"philippines\",\"singapore\",\"thailand\",\"vietnam\",\"south_korea\"]"));
        assertEquals(10, v.pops().size());
        assertEquals("d111111abcdef8", v.request().dist());
        assertEquals("http", v.request().protocol());
    }

    @Test
    void allRegionsIsTheUnionOf34Pops() {
        ValidatedRequest v = validator.validate(body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": \"all\""));
        assertEquals(34, v.pops().size());
        assertEquals(List.of("all"), v.request().region());
    }

    @Test
    void duplicateUrlsCountOnceAndProtocolDefaultsToHttp() {
        ValidatedRequest v = validator.validate(body("[\"https://a.example/1\", \"https://a.example/1\"]", ", \"target_type\": \"pop\", \"region\": [\"atl56-c1\"]"));
        assertEquals(List.of("https://a.example/1"), v.request().urlList());
        assertEquals(List.of("ATL56-C1"), v.pops());
        assertEquals("http", v.request().protocol());
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
        "{\"url_list\": [\"https://a.example/\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|cf_domain",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"evil.example.com\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}|cf_domain",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"region\": [\"ATL56-C1\"]}|target_type",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"planet\", \"region\": [\"ATL56-C1\"]}|target_type",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\"}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"region\", \"region\": [\"us\", \"mars\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"atlantis\"]}|region",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"protocol\": \"gopher\"}|protocol",
        "{\"url_list\": [\"https://a.example/\"], \"cf_domain\": \"d1.cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"regoin\": 1}|regoin",
    })
    void aMistakeIsRejectedNamingTheField(String json, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.validate(json));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void unknownRegionsAreNamedAlongWithTheAllowedOnes() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.validate(
                body("[\"https://a.example/\"]", ", \"target_type\": \"region\", \"region\": [\"us\", \"mars\"]")));
        assertTrue(e.getMessage().contains("\"mars\""), e.getMessage());
        assertTrue(e.getMessage().contains("apac"), e.getMessage());
    }

    @Test
    void tooManyUrlsIsTooLargeNotInvalid() {
        assertThrows(RequestTooLargeException.class, () -> validator.validate(
                body("[\"https://a.example/1\", \"https://a.example/2\", \"https://a.example/3\", \"https://a.example/4\"]",
                        ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]")));
    }
}
