package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docs routes on a real Javalin (port 0), behind AccessControl with keys required, as in
 * production: the OpenAPI document and the Swagger UI page with its assets from the webjar are
 * served to anyone, with the right content types, and nothing else of the classpath is.
 */
class DocsRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = ApiServer.create(List.of(new AccessControl(AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", "k"))), new DocsRoutes())).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutAKey() throws Exception {
        HttpResponse<byte[]> r = get("/openapi.json");
        assertEquals(200, r.statusCode());
        assertTrue(type(r).startsWith("application/json"), type(r));
        assertEquals("3.1.0", Json.MAPPER.readTree(r.body()).path("openapi").asText());
    }

    @Test
    void theDocsPageAndItsSwaggerUiAssetsAreServedFromTheClasspath() throws Exception {
        HttpResponse<byte[]> page = get("/docs");
        assertEquals(200, page.statusCode());
        assertTrue(type(page).startsWith("text/html"), type(page));
        Map<String, String> assets = Map.of("swagger-ui.css", "text/css", "swagger-ui-bundle.js", "text/javascript",
                "docs-init.js", "text/javascript", "favicon-32x32.png", "image/png");
        for (Map.Entry<String, String> asset : assets.entrySet()) {
            assertTrue(new String(page.body()).contains("/docs/assets/" + asset.getKey()), asset.getKey());
            HttpResponse<byte[]> r = get("/docs/assets/" + asset.getKey());
            assertEquals(200, r.statusCode(), asset.getKey());
            assertTrue(type(r).startsWith(asset.getValue()), asset.getKey() + ": " + type(r));
            assertTrue(r.body().length > 100, asset.getKey());
        }
    }

    @Test
    void onlyThePagesOwnAssetsAreServed() throws Exception {
        for (String path : List.of("/docs/assets/index.html", "/docs/assets/swagger-initializer.js", "/docs/assets/docs.html")) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertTrue(Json.MAPPER.readTree(r.body()).path("message").asText().startsWith("no such documentation asset"), path);
        }
    }
}
