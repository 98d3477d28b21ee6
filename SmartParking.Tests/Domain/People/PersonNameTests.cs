using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.People;

public class PersonNameTests
{
    [Theory]
    [InlineData("赵六")]
    [InlineData("阿卜杜拉·买买提")]
    [InlineData("Zhao Liu")]
    [InlineData("吉\U00020BB7祥")] // 𠮷: a rare character beyond the basic plane, written as a surrogate pair
    public void Check_AcceptsNamesAsPeopleWriteThem(string name) => Assert.Null(PersonName.Check(name));

    [Theory]
    [InlineData("赵\u200B六")] // zero-width space: looks like 赵六 on the booth screen
    [InlineData("赵\u200D六")] // zero-width joiner
    [InlineData("\u202E六赵")] // right-to-left override: prints reversed
    [InlineData("赵\uFEFF六")]
    [InlineData("赵\n六")]
    [InlineData("赵\u0007六")]
    [InlineData("赵\u2028六")]
    [InlineData("赵\uE000六")] // private use
    public void Check_RefusesHiddenAndControlCharacters(string name) =>
        Assert.Equal("Person.NameHiddenCharacters", PersonName.Check(name)?.Code);

    [Fact]
    public void Check_RefusesALoneSurrogate() =>
        Assert.Equal("Person.NameHiddenCharacters", PersonName.Check("赵" + (char)0xD842 + "六")?.Code);

    [Fact]
    public void Check_BoundsTheLength() =>
        Assert.Equal("Person.NameTooLong", PersonName.Check(new string('赵', PersonName.MaxLength + 1))?.Code);
}
