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
}
