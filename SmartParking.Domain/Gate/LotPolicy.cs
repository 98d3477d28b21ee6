using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

/// <summary>
/// The lot's rules an admin tunes from the console: spaces, what a good day earns, when a stay is overdue, and the
/// province characters of local plates (the camera reads a blurred province character as local), and whether police cars
/// (plates ending 警) and military and armed-police cars (white 军 and WJ plates) come and go free.
/// </summary>
public sealed record LotPolicy(int Capacity, decimal ExcellentIncomePerDay, decimal GoodIncomePerDay, int OverdueHours, string LocalProvinces = "", bool PoliceCarsFree = false, bool MilitaryCarsFree = false)
{
    public static LotPolicy Create(int capacity, decimal excellentIncomePerDay, decimal goodIncomePerDay, int overdueHours, string? localProvinces = null, bool policeCarsFree = false, bool militaryCarsFree = false)
    {
        if (capacity is < 1 or > 100_000)
        {
            throw new DomainException("LotPolicy.CapacityOutOfRange");
        }

        if (goodIncomePerDay < 0 || excellentIncomePerDay < goodIncomePerDay)
        {
            throw new DomainException("LotPolicy.ThresholdsInverted");
        }

        if (overdueHours is < 1 or > 24 * 90)
        {
            throw new DomainException("LotPolicy.OverdueHoursOutOfRange");
        }

        var provinces = new string((localProvinces ?? "").Where(c => !char.IsWhiteSpace(c) && c is not (',' or '，' or '、')).Distinct().ToArray());
        if (provinces.Length > 5 || !provinces.All(PlateNumber.IsProvince))
        {
            throw new DomainException("LotPolicy.LocalProvincesInvalid");
        }

        return new LotPolicy(capacity, excellentIncomePerDay, goodIncomePerDay, overdueHours, provinces, policeCarsFree, militaryCarsFree);
    }

    public string RateDay(decimal income) => income >= ExcellentIncomePerDay ? "优" : income >= GoodIncomePerDay ? "良" : "差";
}
