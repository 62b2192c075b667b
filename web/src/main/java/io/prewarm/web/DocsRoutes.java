package io.prewarm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The API's own description, served by every instance that serves HTTP: {@code GET /openapi.json}
 * (the OpenAPI 3.1 document kept in this module's resources, which {@code ApiContractIT} checks the
 * running system against) and {@code GET /docs}, a Swagger UI page whose scripts and styles come
 * from the {@code org.webjars:swagger-ui} jar on the classpath, so the page works without internet.
 * Only a fixed set of asset names is served, never a path the caller builds. None of these paths
 * needs an API key (AccessControl protects only the API endpoints).
 */
public final class DocsRoutes implements Consumer<JavalinConfig> {
    static final String OPENAPI_RESOURCE = "/openapi.json";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** Asset name to content type: the Swagger UI files the page loads, and its initializer from this module. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png",
            "docs-init.js", "text/javascript; charset=utf-8");
    private static final String OWN_ASSET = "docs-init.js";

    private final byte[] openApi;
    private final byte[] page;
    private final String webjarDir;

    public DocsRoutes() {
        this.openApi = resource(DocsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE), OPENAPI_RESOURCE);
        this.page = resource(DocsRoutes.class.getResourceAsStream("docs.html"), "docs.html");
        this.webjarDir = WEBJAR + swaggerUiVersion() + "/";
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        config.routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        config.routes.get("/docs/assets/{name}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        String type = ASSETS.get(name);
        InputStream in = type == null ? null : name.equals(OWN_ASSET)
                ? DocsRoutes.class.getResourceAsStream(name)
                : DocsRoutes.class.getClassLoader().getResourceAsStream(webjarDir + name);
        if (in == null) {
            ApiServer.message(ctx, 404, "no such documentation asset: " + name);
            return;
        }
        ctx.header("Cache-Control", "public, max-age=86400").contentType(type).result(in);
    }

    /** The webjar's version from its Maven metadata, so upgrading the jar needs no change here. */
    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try (InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath (" + WEBJAR_POM + " missing)");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] resource(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is missing from the web module");
        }
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
