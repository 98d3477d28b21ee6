using System.Net;
using SmartParking.Domain.Notices;

namespace SmartParking.Infrastructure.Notices;

/// <summary>A provider's answer: its status and body, or the failure that kept it from answering.</summary>
internal readonly record struct ProviderReply(HttpStatusCode Status, string Body, NoticeDelivery? Failure);

internal static class ProviderHttp
{
    /// <summary>Sends one request; a timeout or an unreachable provider is a retryable failure, not an exception.</summary>
    public static async Task<ProviderReply> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new ProviderReply(response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(NoticeDelivery.Failed($"{provider} did not answer within {http.Timeout.TotalSeconds:0} s", retryable: true));
        }
        catch (HttpRequestException e)
        {
            return Failure(NoticeDelivery.Failed($"{provider} could not be reached: {e.Message}", retryable: true));
        }
    }

    /// <summary>For an answer we could not read: the provider's trouble (5xx, throttled) is worth retrying, our bad request is not.</summary>
    public static NoticeDelivery ByStatus(string provider, HttpStatusCode status)
    {
        var code = (int)status;
        var retryable = code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code < 400;
        return NoticeDelivery.Failed($"{provider} answered HTTP {code} without a readable result", retryable);
    }

    /// <summary>Provider messages end up in the notice's LastError column, which has room for a sentence, not a page.</summary>
    public static string Clip(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";

    private static ProviderReply Failure(NoticeDelivery failure) => new(default, "", failure);
}
