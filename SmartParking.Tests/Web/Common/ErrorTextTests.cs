using System.Globalization;
using System.Text.RegularExpressions;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;
using SmartParking.Web;

namespace SmartParking.Tests.Web.Common;

public sealed partial class ErrorTextTests
{
    [Fact]
    public void Describe_WordsTheCodeInTheReadersLanguage_WithItsArguments()
    {
        var error = Assert.Throws<DomainException>(() => PlateNumber.Parse("京A1234"));

        Assert.Equal("Plate.WrongLength", error.Code);
        Assert.Equal("长度不对：省份后应为 6 位（新能源 7 位），实际 5 位", ErrorWords.Chinese(error));
        Assert.Equal("Wrong length: 6 characters follow the province (7 on a new-energy plate), not 5.", ErrorWords.InEnglish(error));
    }

    [Fact]
    public void Describe_WordsAnErrorThatNamesAnother_InTheSameLanguage()
    {
        var error = DomainError.Of("FeeRule.AmountNegative", DomainError.Of("FeeRule.DailyCap"));

        Assert.Equal("每日封顶不能为负", ErrorWords.Chinese(error));
        Assert.Equal("The daily cap cannot be negative.", ErrorWords.InEnglish(error));
    }

    [Fact]
    public void Describe_WithoutACulture_UsesTheCurrentUiCulture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.Equal("A top-up must be more than 0.", ErrorText.Describe(new DomainException("Owner.TopUpNotPositive")));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("充值金额必须大于 0", ErrorText.Describe(new DomainException("Owner.TopUpNotPositive")));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Describe_AnUnknownCode_ShowsTheCodeRatherThanFailing()
    {
        Assert.Equal("Nowhere.Known", ErrorWords.InEnglish(DomainError.Of("Nowhere.Known")));
    }

    // A code thrown without a sentence would reach a guard as "Stay.NothingDue"; every code in the source has both.
    [Fact]
    public void EveryCodeInTheSource_HasAChineseAndAnEnglishSentence_WithTheSameArguments()
    {
        var codes = SourceCodes().ToList();
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found: is the source scan still looking in the right place?");

        var missing = codes.Where(code => !ErrorText.Knows(code)).ToList();
        Assert.Empty(missing);
        foreach (var code in codes)
        {
            var chinese = ErrorWords.Chinese(DomainError.Of(code, Placeholders));
            var english = ErrorWords.InEnglish(DomainError.Of(code, Placeholders));
            Assert.NotEqual(chinese, english);
            Assert.Equal(Arguments().Matches(chinese).Select(m => m.Value).Order(), Arguments().Matches(english).Select(m => m.Value).Order());
        }
    }

    private static readonly object[] Placeholders = ["⟨0⟩", "⟨1⟩", "⟨2⟩"];

    private static IEnumerable<string> SourceCodes()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SmartParking.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return new[] { "SmartParking.Domain", "SmartParking.Infrastructure", "SmartParking.Web" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root.FullName, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(path => CodeUse().Matches(File.ReadAllText(path)).Select(m => m.Groups["code"].Value))
            .Distinct()
            .Order();
    }

    [GeneratedRegex(@"(?:DomainException|DomainError\.Of|ErrorText\.Get|ApiFailure\.Of)\(""(?<code>[A-Z][A-Za-z]+\.[A-Z][A-Za-z0-9]+)""")]
    private static partial Regex CodeUse();

    [GeneratedRegex("⟨[0-9]⟩")]
    private static partial Regex Arguments();
}
