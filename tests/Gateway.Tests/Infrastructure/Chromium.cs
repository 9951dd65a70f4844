using Microsoft.Playwright;

namespace Gateway.Tests.Infrastructure;

/// <summary>Debian's Chromium (./test.sh installs the package; Playwright downloads no browser), headless, for the browser tests.</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
