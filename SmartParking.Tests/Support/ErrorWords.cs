using System.Globalization;
using SmartParking.Domain.Common;
using SmartParking.Web;

namespace SmartParking.Tests.Support;

/// <summary>A domain error as the zh-CN and the English reader see it.</summary>
public static class ErrorWords
{
    public static readonly CultureInfo ZhCn = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static string Chinese(DomainError? error) => ErrorText.Describe(error ?? throw new ArgumentNullException(nameof(error)), ZhCn);

    public static string Chinese(DomainException error) => ErrorText.Describe(error, ZhCn);

    public static string InEnglish(DomainError? error) => ErrorText.Describe(error ?? throw new ArgumentNullException(nameof(error)), English);

    public static string InEnglish(DomainException error) => ErrorText.Describe(error, English);
}
