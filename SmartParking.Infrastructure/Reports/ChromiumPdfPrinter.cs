using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SmartParking.Domain.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>
/// Prints through Debian's headless Chromium, driven by Playwright. One browser serves the app's whole life: it starts
/// with the first print, starts again if it died, and closes with the app. Each print gets its own throw-away context
/// (no scripts, offline), and at most <see cref="PdfSettings.MaxConcurrentPages"/> print at once, so a burst of
/// requests queues here instead of spawning renderers that would starve the gate of CPU.
/// </summary>
public sealed class ChromiumPdfPrinter : IPdfPrinter, IAsyncDisposable, IDisposable
{
    private static readonly string[] Switches =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly PdfSettings _settings;
    private readonly ILogger<ChromiumPdfPrinter> _logger;
    private readonly SemaphoreSlim _pages;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _launches;
    private bool _disposed;

    public ChromiumPdfPrinter(IOptions<PdfSettings> settings, ILogger<ChromiumPdfPrinter> logger)
    {
        _settings = settings.Value;
        _logger = logger;
        _pages = new SemaphoreSlim(Math.Max(1, _settings.MaxConcurrentPages));
    }

    /// <summary>Browsers started so far: one for the app's life unless Chromium died in between.</summary>
    public int Launches => Volatile.Read(ref _launches);

    /// <summary>A switch on this printer's browser command line, so an operator (or a test) can find its process.</summary>
    public string ProcessTag { get; } = $"--smartparking-pdf-printer={Guid.NewGuid():N}";

    public async Task<byte[]> PrintAsync(PrintableDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
        try
        {
            await _pages.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut();
        }

        try
        {
            var browser = await BrowserAsync(replacing: null, deadline.Token);
            try
            {
                return await PrintOnAsync(browser, document, deadline.Token);
            }
            catch (PlaywrightException ex) when (!deadline.IsCancellationRequested && !browser.IsConnected)
            {
                // The browser died under us (crash, OOM killer): once more on a fresh one.
                _logger.LogWarning(ex, "Chromium went away during a print; starting a new one");
                browser = await BrowserAsync(replacing: browser, deadline.Token);
                return await PrintOnAsync(browser, document, deadline.Token);
            }
        }
        catch (PlaywrightException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is PlaywrightException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw deadline.IsCancellationRequested ? TimedOut() : new PdfPrintException(DomainError.Of("Report.PrintFailed"), ex);
        }
        finally
        {
            _pages.Release();
        }
    }

    private async Task<byte[]> PrintOnAsync(IBrowser browser, PrintableDocument document, CancellationToken cancellationToken)
    {
        var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, Offline = true });
        try
        {
            // Playwright takes no tokens: closing the context is what stops a print in flight.
            await using var abort = cancellationToken.Register(() => _ = CloseQuietlyAsync(context));
            var page = await context.NewPageAsync();
            await page.SetContentAsync(document.Html, new() { WaitUntil = WaitUntilState.Load });
            cancellationToken.ThrowIfCancellationRequested();
            return await page.PdfAsync(new()
            {
                Format = "A4",
                PrintBackground = true,
                DisplayHeaderFooter = true,
                // Chromium prints the date and title in the header unless it is given one.
                HeaderTemplate = "<span></span>",
                FooterTemplate = document.FooterHtml,
                Margin = new() { Top = "14mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
            });
        }
        finally
        {
            await CloseQuietlyAsync(context);
        }
    }

    private async Task<IBrowser> BrowserAsync(IBrowser? replacing, CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running && running != replacing)
        {
            return running;
        }

        await _launch.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { IsConnected: true } live && live != replacing)
            {
                return live;
            }

            if (_browser is { } dead)
            {
                _browser = null;
                await CloseQuietlyAsync(dead);
            }

            try
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = _settings.ChromiumPath,
                    Headless = true,
                    Args = [.. Switches, ProcessTag],
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _playwright?.Dispose();
                _playwright = null;
                _logger.LogError(ex, "Chromium could not start from {Path}", _settings.ChromiumPath);
                throw new PdfPrintException(DomainError.Of("Report.BrowserDidNotStart", _settings.ChromiumPath), ex);
            }

            Interlocked.Increment(ref _launches);
            _logger.LogInformation("Chromium started for PDF reports from {Path}", _settings.ChromiumPath);
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    private PdfPrintException TimedOut() =>
        new(DomainError.Of("Report.PrintTimedOut", _settings.TimeoutSeconds));

    private static async Task CloseQuietlyAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already closed, or its browser is gone: either way nothing is left to release.
        }
    }

    private static async Task CloseQuietlyAsync(IBrowser browser)
    {
        try
        {
            await browser.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // A crashed browser cannot be closed; its process is already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _launch.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_browser is { } browser)
            {
                await CloseQuietlyAsync(browser);
            }

            _browser = null;
            _playwright?.Dispose();
            _playwright = null;
        }
        finally
        {
            _launch.Release();
        }
    }

    // The host disposes synchronously in places (tests, a failed start); the browser must not outlive it either way.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
