using SmartParking.Domain.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>
/// A self-contained HTML page (inline CSS and SVG, no scripts, no network) and the footer printed on every page.
/// The footer may hold the elements <c>&lt;span class="pageNumber"&gt;</c> and <c>&lt;span class="totalPages"&gt;</c>.
/// </summary>
public sealed record PrintableDocument(string Html, string FooterHtml);

/// <summary>HTML in, A4 PDF out: the one place that knows how a PDF is made (docs/decisions/013-pdf-by-chromium.md).</summary>
public interface IPdfPrinter
{
    Task<byte[]> PrintAsync(PrintableDocument document, CancellationToken cancellationToken = default);
}

/// <summary>The printer could not produce the PDF (browser missing or crashed); the error says why, for an admin.</summary>
public sealed class PdfPrintException(DomainError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    public DomainError Error { get; } = error;
}
