using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public sealed class Visitor
{
    private Visitor()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = null!;

    public string IdNumber { get; private set; } = null!;

    public string Mobile { get; private set; } = null!;

    public PlateNumber Plate { get; private set; } = null!;

    public DateTime RegisteredUtc { get; private set; }

    public static Visitor Register(string name, ChineseIdNumber id, MobileNumber mobile, PlateNumber plate, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(mobile);
        ArgumentNullException.ThrowIfNull(plate);
        return new Visitor
        {
            Id = Guid.NewGuid(),
            Name = PersonName.Require(name),
            IdNumber = id.Value,
            Mobile = mobile.Value,
            Plate = plate,
            RegisteredUtc = nowUtc,
        };
    }

    // A registration that predates now by less than the validity still opens the gate; the end instant is already too late.
    public bool IsStillValid(DateTime nowUtc, TimeSpan validity)
    {
        if (validity <= TimeSpan.Zero)
        {
            throw new DomainException("访客登记有效期必须大于 0 / visitor validity must be positive");
        }

        return nowUtc - RegisteredUtc < validity;
    }
}
