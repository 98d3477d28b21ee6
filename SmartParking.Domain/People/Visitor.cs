using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public enum VisitorField
{
    Name,
    IdNumber,
    Mobile,
    Plate,
}

public sealed class Visitor
{
    private Visitor()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Name { get; private set; } = null!;

    public string IdNumber { get; private set; } = null!;

    public string Mobile { get; private set; } = null!;

    public PlateNumber Plate { get; private set; } = null!;

    public DateTime RegisteredUtc { get; private set; }

    public static Visitor Register(Guid lotId, string name, ChineseIdNumber id, MobileNumber mobile, PlateNumber plate, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(mobile);
        ArgumentNullException.ThrowIfNull(plate);
        return new Visitor
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            Name = PersonName.Require(name),
            IdNumber = id.Value,
            Mobile = mobile.Value,
            Plate = plate,
            RegisteredUtc = nowUtc,
        };
    }

    /// <summary>
    /// A registration as typed on the phone form, the API or at the booth: every field is checked, so each broken
    /// rule can be shown under its own field. Null with the errors when any field is wrong.
    /// </summary>
    public static Visitor? TryRegister(
        Guid lotId, string? name, string? idNumber, string? mobile, string? plate, DateOnly today, DateTime nowUtc, out IReadOnlyDictionary<VisitorField, DomainError> errors)
    {
        var found = new Dictionary<VisitorField, DomainError>();
        if (PersonName.Check(name) is { } nameError)
        {
            found[VisitorField.Name] = nameError;
        }

        if (!ChineseIdNumber.TryParse(idNumber, today, out var id, out var idError))
        {
            found[VisitorField.IdNumber] = idError;
        }

        if (!MobileNumber.TryParse(mobile, out var phone, out var mobileError))
        {
            found[VisitorField.Mobile] = mobileError;
        }

        if (!PlateNumber.TryParse(plate, out var car, out var plateError))
        {
            found[VisitorField.Plate] = plateError;
        }

        errors = found;
        return found.Count == 0 ? Register(lotId, name!, id!, phone!, car!, nowUtc) : null;
    }

    // A registration that predates now by less than the validity still opens the gate; the end instant is already too late.
    public bool IsStillValid(DateTime nowUtc, TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero)
        {
            throw new DomainException("Visitor.ValidityNotPositive");
        }

        return nowUtc - RegisteredUtc < validity;
    }
}
