package org.matrixregistration.web.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium that signs people up through the portal's page, as a person would: the
 * page object and driver factory for the browser tests here and in registration-dist (which runs
 * the same flow against a real Synapse). Published in this module's test-jar.
 *
 * <p>It uses Debian's {@code chromium} and {@code chromium-driver} (paths from the system
 * properties {@code portal.chromium} and {@code portal.chromedriver}, defaulting to
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}); Selenium Manager never runs
 * because the driver executable and the browser binary are both given. Each browser gets a fresh
 * profile directory, deleted on {@link #close()}. Screenshots go to {@code portal.screenshots}
 * (default {@code target/screenshots}).
 */
public final class PortalBrowser implements AutoCloseable {
    public static final String CHROMIUM = System.getProperty("portal.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("portal.chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("portal.screenshots", "target/screenshots"));
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;

    private PortalBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** What kind of visitor to play. */
    public record Visitor(boolean javascript, int width, int height, String acceptLanguage) {
        public static Visitor desktop() {
            return new Visitor(true, 1280, 900, "en-US,en");
        }

        public static Visitor phone() {
            return new Visitor(true, 360, 780, "en-US,en");
        }

        public Visitor withoutJavaScript() {
            return new Visitor(false, width, height, acceptLanguage);
        }

        public Visitor speaking(String languages) {
            return new Visitor(javascript, width, height, languages);
        }
    }

    /** Starts a browser; fails with a clear message if Chromium or its driver is not installed. */
    public static PortalBrowser launch(Visitor visitor) {
        for (String executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(executable))) {
                throw new IllegalStateException(executable + " is missing: install Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver)");
            }
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile;
        try {
            profile = Files.createTempDirectory("portal-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + Math.max(visitor.width(), 500) + "," + visitor.height());
        List<String> languages = List.of(visitor.acceptLanguage().split(","));
        options.addArguments("--lang=" + languages.get(0));
        Map<String, Object> preferences = new HashMap<>();
        preferences.put("intl.accept_languages", visitor.acceptLanguage());
        if (!visitor.javascript()) {
            preferences.put("profile.managed_default_content_settings.javascript", 2);
        }
        options.setExperimentalOption("prefs", preferences);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
        if (visitor.width() < 500) {
            // Headless windows are at least 500 px wide; a phone's screen is emulated instead.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", visitor.width(),
                    "height", visitor.height(), "deviceScaleFactor", 1, "mobile", true));
        }
        return new PortalBrowser(driver, profile);
    }

    /** From now on, pages see {@code prefers-color-scheme: dark}. */
    public PortalBrowser preferDarkColours() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public PortalBrowser visit(String url) {
        driver.get(url);
        return this;
    }

    public WebElement field(String id) {
        return driver.findElement(By.id(id));
    }

    /** Replaces a field's text as typed by a person (key events, so the page's script sees input). */
    public PortalBrowser type(String id, String text) {
        WebElement element = field(id);
        element.clear();
        element.sendKeys(text);
        return this;
    }

    public String value(String id) {
        return field(id).getAttribute("value");
    }

    /** Types into whatever has the focus, then presses the given keys (e.g. {@link Keys#TAB}). */
    public PortalBrowser keys(CharSequence... keys) {
        driver.switchTo().activeElement().sendKeys(keys);
        return this;
    }

    /** Fills the form; the token is left as the invite link filled it in unless given. */
    public PortalBrowser fill(String username, String password, String confirmation) {
        return type("username", username).type("password", password).type("confirm", confirmation);
    }

    /** Submits with the button and waits for the next page, if the form leaves the current one. */
    public PortalBrowser submit() {
        WebElement button = field("submit");
        button.click();
        return this;
    }

    /** Waits until a new page with an {@code h1} that is not the form's has loaded. */
    public PortalBrowser awaitHeading(String heading) {
        // The page may be between two documents now: its heading is read only inside the wait.
        await(() -> heading().equals(heading), "a page headed '" + heading + "'");
        return this;
    }

    public String heading() {
        List<WebElement> headings = driver.findElements(By.tagName("h1"));
        return headings.isEmpty() ? "" : headings.get(0).getText();
    }

    /** The problems shown next to a field, as the person reads them. */
    public String errorOf(String field) {
        return driver.findElement(By.id(field + "-error")).getText();
    }

    public String statusOf(String field) {
        return driver.findElement(By.id(field + "-status")).getText();
    }

    /** The id of the element that has the keyboard focus. */
    public String focused() {
        return driver.switchTo().activeElement().getAttribute("id");
    }

    public String language() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Polls until {@code condition} holds, failing after a while with {@code what}. */
    public void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("Waited " + PATIENCE.toSeconds() + " s for " + what, last);
    }

    /** A PNG of the whole page (not only the window) under the screenshot directory. */
    public Path screenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0,
                "width", ((Number) content.get("width")).doubleValue(),
                "height", ((Number) content.get("height")).doubleValue(), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console messages of the page so far (errors from the page's script show up here). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        driver.manage().logs().get("browser").forEach(entry -> {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        });
        return errors;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // A profile left in the temporary directory is harmless.
            }
        }
    }
}
