using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public sealed class Owner
{
    public const int MaxNameLength = PersonName.MaxLength;
    public const int MaxUnitLength = 40;

    private readonly List<Vehicle> _vehicles = [];

    private Owner()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The lot this membership is in; a person with cars in two lots has one login and an owner row in each.</summary>
    public Guid LotId { get; private set; }

    public string Name { get; private set; } = null!;

    public string IdNumber { get; private set; } = null!;

    public string Mobile { get; private set; } = null!;

    public string? UserName { get; private set; }

    /// <summary>The owner's unit or room (楼栋-单元-房号), as the property office writes it.</summary>
    public string Unit { get; private set; } = "";

    /// <summary>When an admin deactivated the owner: the record and its history stay, the cars and the login go.</summary>
    public DateTime? DeactivatedUtc { get; private set; }

    public bool IsActive => DeactivatedUtc is null;

    public decimal Balance { get; private set; }

    public DateTime? LastPaymentUtc { get; private set; }

    public IReadOnlyCollection<Vehicle> Vehicles => _vehicles.AsReadOnly();

    public DateTime CreatedUtc { get; private set; }

    /// <summary>How much a month this owner's balance may pay for guests' stays; null: the lot's setting.</summary>
    public decimal? GuestPayPerMonth { get; private set; }

    public decimal Arrears => Balance < 0 ? -Balance : 0;

    /// <summary>Notice templates the owner turned off, comma-separated.</summary>
    public string MutedNotices { get; private set; } = "";

    /// <summary>Whether the owner also wants notices by SMS (when the lot has SMS switched on).</summary>
    public bool SmsNotices { get; private set; }

    /// <summary>The owner's WeChat official-account openid, for template messages; null when not linked.</summary>
    public string? WeChatOpenId { get; private set; }

    public const int MaxOpenIdLength = 64;

    /// <summary>When the owner's personal data was erased (PIPL); the row stays for the money it holds.</summary>
    public DateTime? ErasedUtc { get; private set; }

    /// <summary>What stands where an erased owner's name was.</summary>
    public const string ErasedName = "（已删除）";

    /// <summary>
    /// Erases who the owner was: name, numbers, login and WeChat link give way to a tombstone; the balance and the
    /// stays stay, so the money adds up as before. The caller removes the vehicles.
    /// </summary>
    public void Erase(DateTime nowUtc)
    {
        if (ErasedUtc is not null)
        {
            throw new DomainException("Erasure.AlreadyErased");
        }

        Name = ErasedName;
        IdNumber = "";
        Mobile = "";
        UserName = null;
        WeChatOpenId = null;
        MutedNotices = "";
        SmsNotices = false;
        ErasedUtc = nowUtc;
    }

    public bool Wants(string template) => !MutedNotices.Split(',').Contains(template);

    public void ChooseNotices(IEnumerable<string> muted, bool sms, string? weChatOpenId)
    {
        var chosen = muted.Distinct().ToList();
        var unknown = chosen.FirstOrDefault(t => !Notices.NoticeTemplates.All.Contains(t));
        if (unknown is not null)
        {
            throw new DomainException("Owner.UnknownNotice", unknown);
        }

        var openId = string.IsNullOrWhiteSpace(weChatOpenId) ? null : weChatOpenId.Trim();
        if (openId is { Length: > MaxOpenIdLength })
        {
            throw new DomainException("Owner.OpenIdTooLong", MaxOpenIdLength);
        }

        MutedNotices = string.Join(',', chosen);
        SmsNotices = sms;
        WeChatOpenId = openId;
    }

    /// <summary>WeChat named this owner's account by scanning the link code; template messages go there from now on.</summary>
    public void LinkWeChat(string openId)
    {
        if (string.IsNullOrWhiteSpace(openId) || openId.Trim().Length > MaxOpenIdLength)
        {
            throw new ArgumentException("WeChat answered with an openid that is empty or too long", nameof(openId));
        }

        WeChatOpenId = openId.Trim();
    }

    public void UnlinkWeChat() => WeChatOpenId = null;

    public static DomainError? CheckUnit(string? unit)
    {
        var trimmed = unit?.Trim() ?? "";
        return trimmed.Length == 0 ? DomainError.Of("Owner.UnitRequired")
            : trimmed.Length > MaxUnitLength ? DomainError.Of("Owner.UnitTooLong", MaxUnitLength)
            : null;
    }

    public static Owner Register(Guid lotId, string name, ChineseIdNumber id, MobileNumber mobile, DateTime nowUtc, string? userName = null, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(mobile);
        if (!string.IsNullOrWhiteSpace(unit) && CheckUnit(unit) is { } unitError)
        {
            throw new DomainException(unitError);
        }

        return new Owner
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            Name = PersonName.Require(name),
            IdNumber = id.Value,
            Mobile = mobile.Value,
            UserName = string.IsNullOrWhiteSpace(userName) ? null : userName.Trim(),
            Unit = unit?.Trim() ?? "",
            CreatedUtc = nowUtc,
        };
    }

    /// <summary>An admin's correction of the registered details (ID number and plate are read-only to the owner).</summary>
    public void Correct(string name, ChineseIdNumber id, MobileNumber mobile)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(mobile);
        Name = PersonName.Require(name);
        IdNumber = id.Value;
        Mobile = mobile.Value;
    }

    /// <summary>What an admin may change without the correction procedure: how to reach the owner (null: unchanged) and where they live.</summary>
    public void ChangeContact(MobileNumber? mobile, string unit)
    {
        RequireActive();
        if (CheckUnit(unit) is { } unitError)
        {
            throw new DomainException(unitError);
        }

        Mobile = mobile?.Value ?? Mobile;
        Unit = unit.Trim();
    }

    /// <summary>The owner's login, once they have set a password through their activation link.</summary>
    public void GiveLogin(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        RequireActive();
        UserName = userName.Trim();
    }

    /// <summary>
    /// The owner leaves the lot: the cars are released (their plates may be registered again, and the gate treats
    /// them as visitors), the record stays for its stays, payments and audit trail. Returns the released plates.
    /// </summary>
    public IReadOnlyList<PlateNumber> Deactivate(DateTime nowUtc)
    {
        RequireActive();
        var plates = _vehicles.Select(v => v.Plate).ToList();
        _vehicles.Clear();
        DeactivatedUtc = nowUtc;
        return plates;
    }

    /// <summary>
    /// The car is no longer the owner's. A stay already open keeps the owner it entered as (it is charged to them on
    /// exit); the next entry is a visitor's.
    /// </summary>
    public Vehicle ReleaseVehicle(PlateNumber plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        var vehicle = _vehicles.FirstOrDefault(v => v.Plate == plate) ?? throw new DomainException("Vehicle.NotFound");
        _vehicles.Remove(vehicle);
        return vehicle;
    }

    private void RequireActive()
    {
        if (!IsActive)
        {
            throw new DomainException("Owner.Deactivated");
        }
    }

    public Vehicle AddVehicle(PlateNumber plate, VehicleType type, DateTime nowUtc, bool approved)
    {
        ArgumentNullException.ThrowIfNull(plate);
        RequireActive();
        if (_vehicles.Any(v => v.Plate == plate))
        {
            throw new DomainException("Owner.PlateAlreadyHis", plate.Value);
        }

        var vehicle = new Vehicle(LotId, Id, plate, type, nowUtc, approved);
        _vehicles.Add(vehicle);
        return vehicle;
    }

    /// <summary>A balance carried over from before this system (or the demo's): money the owner has, but no payment made here.</summary>
    public void CarryOverBalance(decimal amount)
    {
        TopUp(amount, DateTime.MinValue);
        LastPaymentUtc = null;
    }

    /// <summary>The admin gives this owner a guest pay limit of their own, or (null) returns them to the lot's.</summary>
    public void LimitGuestPay(decimal? perMonth)
    {
        if (perMonth is { } limit && (limit < 0 || limit > Passes.VisitorPassLimits.MaxOwnerPaysPerMonth || !Money.IsWholeCents(limit)))
        {
            throw new DomainException("VisitorPass.LimitOutOfRange", 0, Passes.VisitorPassLimits.MaxOwnerPaysPerMonth);
        }

        GuestPayPerMonth = perMonth;
    }

    public void TopUp(decimal amount, DateTime nowUtc)
    {
        if (amount <= 0)
        {
            throw new DomainException("Owner.TopUpNotPositive");
        }

        if (!Money.IsWholeCents(amount))
        {
            throw new DomainException("Owner.TopUpBeyondCents");
        }

        Balance += amount;
        LastPaymentUtc = nowUtc;
    }

    /// <summary>A correction, or a top-up paid back; may take the balance below zero like a charge.</summary>
    public void Adjust(decimal change)
    {
        if (change == 0 || !Money.IsWholeCents(change))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        Balance += change;
    }

    // Owners drive out even without credit; the balance going negative is the arrears they are notified about.
    public void Charge(decimal amount)
    {
        if (amount < 0)
        {
            throw new DomainException("Owner.ChargeNegative");
        }

        if (!Money.IsWholeCents(amount))
        {
            throw new DomainException("Owner.ChargeBeyondCents");
        }

        Balance -= amount;
    }
}
