using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartParking.Domain.Billing;

namespace SmartParking.Web.Billing;

/// <summary>A coupon's discount in the reader's language: "60 分钟", "减 ¥5.00", "8 折" and the like.</summary>
public static class CouponText
{
    public static string Discount(IStringLocalizer text, CouponDiscount discount, decimal value) =>
        text["Coupons_Discount_" + discount, value.ToString(discount == CouponDiscount.AmountOff ? "0.00" : "0", CultureInfo.InvariantCulture)].Value;
}
