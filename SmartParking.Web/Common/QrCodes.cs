using QRCoder;

namespace SmartParking.Web.Common;

/// <summary>A URL as an inline SVG QR code, for the pages a phone scans (the visitor sign at the gate, WeChat linking).</summary>
public static class QrCodes
{
    public static string Svg(string url, QRCodeGenerator.ECCLevel errorCorrection, int pixelsPerModule)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, errorCorrection);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }
}
