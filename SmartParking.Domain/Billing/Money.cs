namespace SmartParking.Domain.Billing;

internal static class Money
{
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static bool IsWholeCents(decimal amount) => decimal.Round(amount, 2) == amount;
}
