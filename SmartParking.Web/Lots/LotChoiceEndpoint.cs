using SmartParking.Infrastructure.Lots;

namespace SmartParking.Web.Lots;

/// <summary>GET /lots/choose/{code}: the lot a signed-in user works in from now on, kept in a cookie.</summary>
public static class LotChoiceEndpoint
{
    public const string Cookie = "sp-lot";

    public static IEndpointRouteBuilder MapLotChoice(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lots/choose/{code}", async (string code, string? returnUrl, HttpContext http, LotDirectory lots) =>
            {
                var lot = await lots.FindAsync(code, http.RequestAborted);
                if (lot is null || !http.User.WorksIn(lot.Id))
                {
                    return Results.NotFound();
                }

                http.Response.Cookies.Append(Cookie, lot.Code, new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                });
                // Only a path of this site: a crafted link must not send the user elsewhere.
                var target = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
                    ? returnUrl
                    : "/";
                return Results.LocalRedirect(target);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}
