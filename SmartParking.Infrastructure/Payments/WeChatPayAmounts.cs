namespace SmartParking.Infrastructure.Payments;

/// <summary>WeChat Pay counts in fen (integers); the ledger counts in yuan (decimal). No rounding either way.</summary>
public static class WeChatPayAmounts
{
    public static long ToFen(decimal yuan)
    {
        var fen = yuan * 100m;
        if (yuan < 0 || fen != decimal.Truncate(fen) || fen > long.MaxValue)
        {
            // A fraction of a fen would be silently rounded by the provider: refuse it here instead.
            throw new ArgumentOutOfRangeException(nameof(yuan), yuan, "An amount for WeChat Pay must be whole fen and not negative.");
        }

        return (long)fen;
    }

    /// <summary>Always with two decimals (scale 2), so 100 fen reads back as 1.00.</summary>
    public static decimal ToYuan(long fen) => fen * 0.01m;
}
