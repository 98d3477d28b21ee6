namespace SmartParking.Domain.People;

public enum PlateKind
{
    Standard,
    NewEnergy,
    Legacy,
}
