using System.Net;
using System.Text.RegularExpressions;

namespace SmartParking.Tests.Support;

/// <summary>
/// A browser without a screen: real HTTP against a Kestrel port, its own cookie jar (kept by hand, so a test can read
/// every Set-Cookie as the server wrote it and replay a cookie after logout), and static forms posted with their
/// antiforgery token as a browser would.
/// </summary>
public sealed partial class FormBrowser : IDisposable
{
    private readonly HttpClient _http;

    public FormBrowser(string baseUrl, string? clientAddress = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        if (clientAddress is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        }
    }

    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>Every Set-Cookie header of the last response, as written.</summary>
    public List<string> LastSetCookies { get; } = [];

    public void AddHeader(string name, string value) => _http.DefaultRequestHeaders.Add(name, value);

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>
    /// Opens <paramref name="path"/>, fills the form's fields and posts it with the hidden fields of the form named
    /// <paramref name="formName"/> (or the page's first), to <paramref name="action"/> or back to the page.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IDictionary<string, string> fields, string? formName = null, string? action = null)
    {
        var page = await GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        if (formName is not null && !html.Contains($"name=\"_handler\" value=\"{formName}\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} answered {(int)page.StatusCode} {page.Headers.Location} without the form {formName}: {html[..Math.Min(html.Length, 2000)]}");
        }

        return await SubmitOpenedAsync(html, path, fields, formName, action);
    }

    /// <summary>Posts a form of a page opened earlier (<paramref name="html"/>), as a person who left it open a while would.</summary>
    public async Task<HttpResponseMessage> SubmitOpenedAsync(string html, string path, IDictionary<string, string> fields, string? formName = null, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var start = formName is null ? 0 : html.IndexOf($"name=\"_handler\" value=\"{formName}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"{path} had no form {formName}");
        }

        // From the form's own hidden _handler input: the fields of forms before it on the page are left out.
        var form = formName is null ? html : html[html.LastIndexOf("<input", start, StringComparison.Ordinal)..];
        var values = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(form))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, action ?? path) { Content = new FormUrlEncodedContent(values) });
    }

    public Task<HttpResponseMessage> LogInAsync(string userName, string password) =>
        SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        LastSetCookies.Clear();
        if (response.Headers.TryGetValues("Set-Cookie", out var written))
        {
            foreach (var cookie in written)
            {
                LastSetCookies.Add(cookie);
                var pair = cookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=')];
                var value = pair[(pair.IndexOf('=') + 1)..];
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
