using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Web.Lots;

/// <summary>The lot of an anonymous page (<c>/board/{lot}</c>, <c>/visit/{lot}</c>); the plain path serves a one-lot installation.</summary>
public sealed record PublicLot(Lot? Lot, IReadOnlyList<Lot> Choices, bool Unknown)
{
    public static async Task<PublicLot> ResolveAsync(LotDirectory directory, string? code)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            var named = await directory.FindAsync(code);
            return new PublicLot(named, [], Unknown: named is null);
        }

        var all = await directory.AllAsync();
        return all is [var only] ? new PublicLot(only, [], false) : new PublicLot(null, all, Unknown: all.Count == 0);
    }
}
