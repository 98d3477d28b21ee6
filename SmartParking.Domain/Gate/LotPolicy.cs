using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

/// <summary>
/// The lot's rules an admin tunes from the console: spaces, what a good day earns, when a stay is overdue, and the
/// province characters of local plates (the camera reads a blurred province character as local).
/// </summary>
public sealed record LotPolicy(int Capacity, decimal ExcellentIncomePerDay, decimal GoodIncomePerDay, int OverdueHours, string LocalProvinces = "")
{
    public static LotPolicy Create(int capacity, decimal excellentIncomePerDay, decimal goodIncomePerDay, int overdueHours, string? localProvinces = null)
    {
        if (capacity is < 1 or > 100_000)
        {
            throw new DomainException("车位数应在 1 到 100000 之间 / capacity must be 1–100000");
        }

        if (goodIncomePerDay < 0 || excellentIncomePerDay < goodIncomePerDay)
        {
            throw new DomainException("“优”的收入门槛不能低于“良” / the 优 threshold must not be below the 良 threshold");
        }

        if (overdueHours is < 1 or > 24 * 90)
        {
            throw new DomainException("超时小时数应在 1 到 2160 之间 / overdue hours must be 1–2160");
        }

        var provinces = new string((localProvinces ?? "").Where(c => !char.IsWhiteSpace(c) && c is not (',' or '，' or '、')).Distinct().ToArray());
        if (provinces.Length > 5 || !provinces.All(PlateNumber.IsProvince))
        {
            throw new DomainException("本地省份应为 1 到 5 个省份简称，如“皖”或“京津冀” / local provinces: up to 5 province characters, e.g. 皖");
        }

        return new LotPolicy(capacity, excellentIncomePerDay, goodIncomePerDay, overdueHours, provinces);
    }

    public string RateDay(decimal income) => income >= ExcellentIncomePerDay ? "优" : income >= GoodIncomePerDay ? "良" : "差";
}
