using Microsoft.AspNetCore.Localization;

namespace SmartParking.Web.Common;

/// <summary>The language switch: stores the choice in the culture cookie and goes back to the page.</summary>
public static class CultureEndpoint
{
    public static readonly string[] Supported = ["zh-CN", "en"];

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (string? culture, string? returnUrl, HttpContext context) =>
        {
            if (culture is null || !Supported.Contains(culture, StringComparer.OrdinalIgnoreCase))
            {
                return ApiFailure.Of("Culture.Unsupported", string.Join(", ", Supported)).About("culture").ToProblem();
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    // The same test the redirect makes (a control character would make it throw): anything else goes home.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);
}
