namespace SmartParking.Domain.People;

/// <summary>The GA 36-2018 plate a car carries; <see cref="PlateKind"/> is the coarser layout.</summary>
public enum PlateSeries
{
    /// <summary>Blue (small car) or yellow (large vehicle): province, office letter, five serial characters.</summary>
    Ordinary,
    Trailer,
    Coach,
    Police,
    Consulate,
    HongKongMacau,
    Embassy,
    NewEnergySmall,
    NewEnergyLarge,
    Legacy,

    /// <summary>Blue, office letter O: a public-security, court or procuratorate car that is not a police car.</summary>
    PublicService,

    /// <summary>
    /// White, of the People's Liberation Army: the 2012 series (a red letter for the service or command — V, K, H, B, S,
    /// L, J, N, G, C — a unit letter and five digits, KA12345) and the 2004 series still met (军, 海, 空 or a former
    /// military region's character in red, a letter, five digits: 军C12345).
    /// </summary>
    Military,

    /// <summary>White, of the People's Armed Police: WJ, the province, four digits and a digit or a branch letter.</summary>
    ArmedPolice,
}
