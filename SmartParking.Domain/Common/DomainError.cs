namespace SmartParking.Domain.Common;

/// <summary>
/// A broken rule as a stable code (e.g. <c>Owner.TopUpNotPositive</c>) and the values its sentence needs. The domain
/// holds no sentences: the web layer words the code in the reader's language. An argument may itself be an error
/// (a field's name, say) that is worded the same way.
/// </summary>
public sealed class DomainError : IEquatable<DomainError>
{
    private DomainError(string code, object[] arguments)
    {
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    public IReadOnlyList<object> Arguments { get; }

    public static DomainError Of(string code, params object[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new DomainError(code, arguments);
    }

    public bool Equals(DomainError? other) =>
        other is not null && Code == other.Code && Arguments.SequenceEqual(other.Arguments);

    public override bool Equals(object? obj) => Equals(obj as DomainError);

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    // For logs and test output only; people read the worded sentence.
    public override string ToString() => Arguments.Count == 0 ? Code : $"{Code}({string.Join(", ", Arguments)})";
}
