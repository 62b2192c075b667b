package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.Color;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the whole system (real broker, edge simulator
 * with 100 ms latency and a 404 for one URL at one PoP, API keys on): the page asks for the key,
 * a job submitted through its form shows in the recent jobs, its progress bar reaches 100 %, the
 * failed URL x PoP cell is red, the failure table has the 404, the CSV link is there, and the job
 * is still listed (from {@code GET /jobs}) once the browser has forgotten it. A job's life (issue
 * 14): "Retry failed (N)" of a FAILED job opens the new job, linked back, and it completes; Cancel
 * (confirmed) of a slow job turns it CANCELLED; a delivered webhook shows in the job's view. Verification
 * (issue 15; the simulator in cache mode): verified and not-cached tasks are marked and counted, and a
 * URL served with {@code Cache-Control: no-store} is listed with its header. Needs
 * the Debian packages chromium and chromium-driver; without them it fails, saying so.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DIST = "d111111abcdef8";
    private static final String KEY = "dashboard-test-key";
    private static final String BASE = "http://www.example.com";
    private static final String RED = "#d64545";
    private static final String GREEN = "#2e9d4f";
    private static final String CANCELLED_GREY = "#4b5563";
    private static final String NOT_CACHED_AMBER = "#f08a24";
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final Duration JOB_BOUND = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Prewarm prewarm;
    private static ChromeDriver browser;
    private static Api api;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("DashboardIT drives a real headless Chromium: install it with `apt-get install -y chromium chromium-driver` "
                    + "(Debian packages; .ci/run installs them in CI). Missing: " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM));
        }
        kafka = KafkaFixture.start();
        // cache mode: each PoP a cache in front of one origin, so verification and the uncacheable paths behave as on CloudFront
        edge = EdgeSimulator.builder().cacheMode(true).bodyBytes(1024).latency(LATENCY).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PREWARM_DATA_DIR", dir.resolve("data").toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_API_KEYS", KEY);
        env.put("PREWARM_WEBHOOK_SECRET", "dashboard-webhook-secret");
        env.put("PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8");
        prewarm = Prewarm.start(env);
        api = new Api(prewarm.httpPort(), Map.of("x-api-key", KEY));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1360,1100");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);

        // API keys are on: the page asks once, then sends the key (kept in sessionStorage) on its calls
        browser.get(dashboard());
        WebElement key = waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("api-key")).isDisplayed() ? d.findElement(By.id("api-key")) : null);
        key.sendKeys(KEY);
        browser.findElement(By.id("key-ok")).click();
        waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("key-dialog")).isDisplayed());
    }

    /** Every test starts with the one standing fault (a 404 for /f/404 at DFW55-C3) and the usual latency. */
    @BeforeEach
    void standingFaultAndLatency() {
        edge.clearFaults();
        edge.fault("/f/404", "DFW55-C3", Fault.status(404));
        edge.latency(LATENCY);
    }

    private static String dashboard() {
        return "http://127.0.0.1:" + prewarm.httpPort() + "/";
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser == null ? null : browser::quit, prewarm, edge, kafka}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static WebDriverWait waitUpTo(Duration bound) {
        WebDriverWait wait = new WebDriverWait(browser, bound, Duration.ofMillis(100));
        // the page replaces rows as it updates: an element found a moment ago may be gone
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static WebElement cell(String path, String pop) {
        return browser.findElement(By.cssSelector("#matrix td[data-url='" + BASE + path + "'][data-pop='" + pop + "']"));
    }

    /** The computed background colour, as #rrggbb. */
    private static String colour(WebElement e) {
        return Color.fromString(e.getCssValue("background-color")).asHex();
    }

    /**
     * No script error in the page's console. Answers like the 403 that made it ask for the key, a 404
     * for a job not registered yet or a 503 while the store catches up are handled by the page, but
     * Chromium logs each as "Failed to load resource"; those are left out.
     */
    private static void assertNoScriptErrors() {
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().equals(Level.SEVERE) && !e.getMessage().contains("Failed to load resource"))
                .map(LogEntry::toString).toList();
        assertEquals(List.of(), errors);
    }

    private static String progressOf(String id) {
        List<WebElement> bars = browser.findElements(By.cssSelector("#jobs tr[data-job='" + id + "'] .progress"));
        return bars.isEmpty() ? null : bars.get(0).getAttribute("aria-valuenow");
    }

    /** The job the page shows (from its #job= hash), or null. */
    private static String shownJob() {
        String h = (String) ((JavascriptExecutor) browser).executeScript("return location.hash");
        return h.startsWith("#job=") ? URLDecoder.decode(h.substring("#job=".length()), StandardCharsets.UTF_8) : null;
    }

    /** The element with this id once it is displayed (for WebDriverWait.until), else null. */
    private static WebElement displayed(String id) {
        WebElement e = browser.findElement(By.id(id));
        return e.isDisplayed() ? e : null;
    }

    private static String jobStatus() {
        return browser.findElement(By.id("job-status")).getText();
    }

    /** A request body for {@code count} URLs under /prefix/ at these PoPs, plus {@code extra} fields. */
    private static String body(String prefix, int count, List<String> pops, String extra) {
        String urls = IntStream.range(0, count).mapToObj(i -> "\"" + BASE + "/" + prefix + "/" + i + "\"").collect(Collectors.joining(", "));
        String targets = pops.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));
        return "{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", "
                + "\"region\": [" + targets + "], \"protocol\": \"http\"" + extra + "}";
    }

    private static String submit(String body) {
        Api.Reply reply = api.submit(body);
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.text("requestID");
    }

    @Test
    void aJobSubmittedThroughTheFormIsWatchedToTheEndWithItsFailedPopInRed() throws Exception {
        // some history for the list, submitted by another client
        String other = api.submit("{\"url_list\": [\"" + BASE + "/x1\", \"" + BASE + "/x2\", \"" + BASE + "/x3\"], \"cf_domain\": \""
                + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}").text("requestID");
        browser.get(dashboard());

        browser.findElement(By.id("urls")).sendKeys(String.join("\n", BASE + "/a", BASE + "/b", BASE + "/c", BASE + "/f/404"));
        browser.findElement(By.id("cf-domain")).sendKeys(DIST + ".cloudfront.net");
        new Select(browser.findElement(By.id("target-type"))).selectByValue("pop");
        browser.findElement(By.id("targets")).sendKeys("ATL56-C1, DFW55-C3");
        new Select(browser.findElement(By.id("protocol"))).selectByValue("http");
        browser.findElement(By.id("submit")).click();

        String hash = waitUpTo(Duration.ofSeconds(15)).until(d -> {
            String h = (String) ((JavascriptExecutor) d).executeScript("return location.hash");
            return h.startsWith("#job=") ? h : null;
        });
        String id = URLDecoder.decode(hash.substring("#job=".length()), StandardCharsets.UTF_8);
        waitUpTo(Duration.ofSeconds(15)).until(d -> progressOf(id) != null);
        waitUpTo(JOB_BOUND).until(d -> "100".equals(progressOf(id)));

        waitUpTo(Duration.ofSeconds(15)).until(d -> cell("/f/404", "DFW55-C3").getAttribute("class").contains("outcome-FAILURE"));
        assertEquals(RED, colour(cell("/f/404", "DFW55-C3")), "the failed URL x PoP is red");
        assertEquals("404", cell("/f/404", "DFW55-C3").getText());
        waitUpTo(Duration.ofSeconds(15)).until(d -> cell("/f/404", "ATL56-C1").getAttribute("class").contains("outcome-SUCCESS"));
        assertEquals(GREEN, colour(cell("/a", "DFW55-C3")));
        assertEquals(8, browser.findElements(By.cssSelector("#matrix td.cell")).size(), "4 URLs x 2 PoPs");
        assertEquals(7, browser.findElements(By.cssSelector("#matrix td.outcome-SUCCESS")).size());

        WebElement failure = waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(
                By.cssSelector("#failures tr[data-url='" + BASE + "/f/404'][data-pop='DFW55-C3']")));
        List<String> cells = failure.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(BASE + "/f/404", "DFW55-C3", "404", "HTTP 404", "1", "", ""), cells, "a 404 is not verified: no check, no second answer");
        assertEquals(1, browser.findElements(By.cssSelector("#failures tbody tr")).size());
        assertEquals("FAILED", browser.findElement(By.id("job-status")).getText());
        assertTrue(browser.findElement(By.id("csv-link")).getAttribute("href").endsWith("/report?requestID=" + id));
        waitUpTo(Duration.ofSeconds(15)).until(d -> "100".equals(progressOf(other)));

        Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs");
        Files.createDirectories(docs);
        Files.write(docs.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

        // the browser forgets what it submitted: the list still shows the job, from GET /jobs
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        browser.navigate().refresh();
        waitUpTo(Duration.ofSeconds(15)).until(d -> "100".equals(progressOf(id)) && "100".equals(progressOf(other)));
        JsonNode jobs = api.get("/jobs?limit=5").body().path("jobs");
        assertEquals(id, jobs.get(0).path("requestID").asText(), "newest first: " + jobs);
        assertEquals(other, jobs.get(1).path("requestID").asText(), jobs.toString());
        assertEquals("FAILED", jobs.get(0).path("status").asText());
        assertEquals(4, jobs.get(0).path("completed").asInt());
        assertEquals(1, jobs.get(0).path("failed").asInt());
        assertNoScriptErrors();
    }

    @Test
    void aVerifiedJobShowsItsVerifiedAndNotCachedTasksAndNamesTheUncacheableUrlWithItsHeader() {
        String noStore = "/nocache/no-store/vf/account.json";
        String id = submit("{\"url_list\": [\"" + BASE + "/vf/a.js\", \"" + BASE + "/vf/b.css\", \"" + BASE + noStore + "\"], \"cf_domain\": \""
                + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"], \"verify\": true}");

        browser.get(dashboard() + "#job=" + id);

        waitUpTo(JOB_BOUND).until(d -> "FAILED".equals(jobStatus()) && cell(noStore, "DFW55-C3").getAttribute("class").contains("task-not-cached"));
        WebElement counts = waitUpTo(Duration.ofSeconds(15)).until(d -> displayed("verify-counts"));
        assertEquals("4", counts.findElement(By.id("count-verified")).getText(), "2 cacheable URLs x 2 PoPs proven cached");
        assertEquals("2", counts.findElement(By.id("count-not-cached")).getText());
        for (String pop : List.of("ATL56-C1", "DFW55-C3")) {
            assertTrue(cell("/vf/a.js", pop).getAttribute("class").contains("task-verified"), cell("/vf/a.js", pop).getAttribute("class"));
            assertEquals(GREEN, colour(cell("/vf/b.css", pop)), "verified in cache");
            assertEquals(NOT_CACHED_AMBER, colour(cell(noStore, pop)), "not cached is amber, not the red of a failed request");
            assertEquals("NOT_CACHED", cell(noStore, pop).getAttribute("data-verification"));
        }

        WebElement uncacheable = waitUpTo(Duration.ofSeconds(15)).until(d -> displayed("uncacheable"));
        List<WebElement> listed = uncacheable.findElements(By.cssSelector("#uncacheable-list li"));
        assertEquals(1, listed.size(), "the URL once, not once per PoP");
        assertEquals(BASE + noStore, listed.get(0).getAttribute("data-url"));
        assertEquals("Cache-Control", listed.get(0).findElement(By.cssSelector(".header")).getText());
        assertEquals("no-store", listed.get(0).findElement(By.cssSelector(".value")).getText());
        assertEquals("(1 URL)", browser.findElement(By.id("uncacheable-count")).getText());

        WebElement failure = browser.findElement(By.cssSelector("#failures tr[data-url='" + BASE + noStore + "'][data-pop='ATL56-C1']"));
        assertEquals("not cached", failure.findElement(By.cssSelector("td.verification")).getText());
        assertTrue(failure.findElement(By.cssSelector("td.verify-answer")).getText().contains("Miss from cloudfront"),
                failure.findElement(By.cssSelector("td.verify-answer")).getText());
        assertEquals(2, browser.findElements(By.cssSelector("#failures tbody tr")).size(), "only the uncacheable URL failed, at both PoPs");
        assertNoScriptErrors();
    }

    @Test
    void aJobOfMoreThan200UrlsShowsTotalsPerPopWithTheFailedPopInRed() {
        StringBuilder urls = new StringBuilder("\"" + BASE + "/f/404\"");
        for (int i = 0; i < 249; i++) {
            urls.append(", \"").append(BASE).append("/big/").append(i).append('"');
        }
        String id = api.submit("{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}").text("requestID");

        browser.get(dashboard() + "#job=" + id);

        waitUpTo(JOB_BOUND).until(d -> "100".equals(progressOf(id)));
        By dfw = By.cssSelector("#matrix tr.pop-row[data-pop='DFW55-C3']");
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(dfw).getAttribute("class").contains("outcome-FAILURE")
                && d.findElement(By.id("job-status")).getText().equals("FAILED"));
        assertEquals(List.of("249", "1", "0"), browser.findElement(dfw).findElements(By.cssSelector("td.num")).stream().map(WebElement::getText).toList());
        assertEquals(RED, colour(browser.findElement(dfw).findElement(By.cssSelector(".swatch"))));
        WebElement atl = browser.findElement(By.cssSelector("#matrix tr.pop-row[data-pop='ATL56-C1']"));
        assertTrue(atl.getAttribute("class").contains("outcome-SUCCESS"), atl.getAttribute("class"));
        assertEquals(0, browser.findElements(By.cssSelector("#matrix td.cell")).size(), "no URL x PoP grid for 250 URLs");
        assertEquals("100", browser.findElement(By.cssSelector("#job-progress .progress")).getAttribute("aria-valuenow"));
        assertNoScriptErrors();
    }

    @Test
    void retryFailedStartsANewJobLinkedToTheOldOneThatCompletes() {
        edge.fault("/retry/1", null, Fault.status(404));
        String id = submit(body("retry", 3, List.of("ATL56-C1", "DFW55-C3"), ""));
        browser.get(dashboard() + "#job=" + id);

        WebElement retry = waitUpTo(JOB_BOUND).until(d -> displayed("retry-job"));
        assertEquals("FAILED", jobStatus());
        assertEquals("Retry failed (2)", retry.getText(), "one URL failed at both PoPs");
        assertFalse(browser.findElement(By.id("cancel-job")).isDisplayed(), "an ended job cannot be cancelled");
        edge.clearFaults();
        retry.click();

        String again = waitUpTo(Duration.ofSeconds(15)).until(d -> {
            String shown = shownJob();
            return shown != null && !shown.equals(id) ? shown : null;
        });
        WebElement link = waitUpTo(Duration.ofSeconds(15)).until(d -> displayed("retry-of"));
        assertEquals(id, link.getText());
        assertTrue(link.getAttribute("href").endsWith("#job=" + id), link.getAttribute("href"));
        assertTrue(browser.findElement(By.id("job-origin")).getText().startsWith("Retry of the failed tasks of job " + id),
                browser.findElement(By.id("job-origin")).getText());
        assertEquals(again, browser.findElement(By.id("job-id")).getText());
        waitUpTo(JOB_BOUND).until(d -> "COMPLETED".equals(jobStatus()));
        assertEquals(GREEN, colour(browser.findElement(By.id("job-status"))));
        assertFalse(browser.findElement(By.id("retry-job")).isDisplayed(), "nothing failed in the retry");
        JsonNode detail = api.get("/status?detail=true&requestID=" + again).body().path("detail");
        assertEquals(2, detail.path("tasks").path("total").asInt(), "only the failed tasks: " + detail);
        assertEquals(id, detail.path("retryOf").asText());

        link.click();
        waitUpTo(Duration.ofSeconds(15)).until(d -> id.equals(d.findElement(By.id("job-id")).getText()) && "FAILED".equals(jobStatus()));
        assertNoScriptErrors();
    }

    @Test
    void cancellingARunningJobFromItsViewShowsItCancelled() {
        // 64 tasks in flight per PoP at 1 s each: 2,000 URLs at one PoP run for about half a minute
        edge.latency(Duration.ofSeconds(1));
        String id = submit(body("slow", 2_000, List.of("ATL56-C1"), ""));
        browser.get(dashboard() + "#job=" + id);

        WebElement cancel = waitUpTo(Duration.ofSeconds(15)).until(d -> displayed("cancel-job"));
        assertEquals("IN PROGRESS", jobStatus());
        assertFalse(browser.findElement(By.id("retry-job")).isDisplayed());
        cancel.click();
        Alert confirm = waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText().contains(id), confirm.getText());
        confirm.accept();

        waitUpTo(Duration.ofSeconds(15)).until(d -> "CANCELLED".equals(jobStatus()));
        WebElement badge = browser.findElement(By.id("job-status"));
        assertTrue(badge.getAttribute("class").contains("status-CANCELLED"), badge.getAttribute("class"));
        assertEquals(CANCELLED_GREY, colour(badge), "a style of its own, neither failed red nor completed green");
        waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("cancel-job")).isDisplayed());
        WebElement origin = waitUpTo(Duration.ofSeconds(5)).until(d -> displayed("job-origin"));
        assertTrue(origin.getText().startsWith("Cancelled "), origin.getText());
        assertEquals("", browser.findElement(By.id("job-error")).getText());
        JsonNode status = api.status(id).body();
        assertEquals("CANCELLED", status.path("status").asText());
        assertTrue(status.path("completed").asInt() < 2_000, "cancelled before its end: " + status.path("completed"));
        assertNoScriptErrors();
    }

    @Test
    void aJobWithACallbackUrlShowsItsWebhookDelivered() throws Exception {
        try (HookReceiver hook = HookReceiver.start()) {
            String id = submit(body("hook", 2, List.of("ATL56-C1"), ", \"callback_url\": \"" + hook.url() + "\""));
            browser.get(dashboard() + "#job=" + id);

            WebElement line = waitUpTo(JOB_BOUND).until(d -> {
                WebElement w = displayed("job-webhook");
                return w != null && w.getText().startsWith("Webhook DELIVERED to") ? w : null;
            });
            assertTrue(line.getText().startsWith("Webhook DELIVERED to " + hook.url() + " · 1 attempt · delivered "), line.getText());
            assertEquals(GREEN, Color.fromString(line.getCssValue("border-left-color")).asHex());
            assertEquals("COMPLETED", jobStatus());
            HookReceiver.Call call = hook.calls().get(0);
            assertEquals(id, Json.MAPPER.readTree(call.body()).path("requestID").asText(), call.body());
            assertTrue(call.signature().startsWith("sha256="), call.signature());
        }
        assertNoScriptErrors();
    }
}
