package com.creditledger.api.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven through its own chromedriver (never Selenium Manager, which
 * would try to download one). One browser for a whole test class: signing in again swaps the user.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path downloads;

    Browser(int port) throws IOException {
        this.baseUrl = "http://localhost:" + port;
        this.downloads = Files.createTempDirectory("console-downloads");
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                // root in a container, no GPU, a small /dev/shm and no network beyond this machine:
                // background networking would only fail and slow the browser down
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US")
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        this.driver = new ChromeDriver(service, options);
    }

    void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        until(d -> !d.getCurrentUrl().contains("/console/login"));
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !findAll(css).isEmpty();
    }

    /** A figure as shown, thousands separators and all, read back as a number. */
    long figure(String css) {
        return parse(find(css).getText());
    }

    static long parse(String shown) {
        return Long.parseLong(shown.replace(",", "").trim());
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    <T> T until(Function<WebDriver, T> condition) {
        // a live page swaps its content in while the condition reads it
        return new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    void window(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The whole page, not only the window: the window grows to the page's height for the picture. */
    Path screenshot(String name) throws IOException {
        Number height = (Number) script("return document.documentElement.scrollHeight");
        Dimension before = driver.manage().window().getSize();
        window(before.getWidth(), Math.max(before.getHeight(), height.intValue() + 120));
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        window(before.getWidth(), before.getHeight());
        return file;
    }

    /** Clicks a download link and waits for the browser to finish writing the file. */
    String download(String css) throws IOException {
        try (Stream<Path> old = Files.list(downloads)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        find(css).click();
        // Chromium may first create the file empty, writes into a hidden temporary file
        // (".org.chromium.Chromium.xxxx") or a ".crdownload" one, and renames it when done: the
        // download is done when no such file is left and the file has content (an export has a header).
        return until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> all = files.toList();
                if (all.isEmpty() || all.stream().anyMatch(Browser::inProgress)) {
                    return null;
                }
                String content = Files.readString(all.get(0));
                return content.isEmpty() ? null : content;
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean inProgress(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.endsWith(".crdownload") || name.endsWith(".tmp");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
