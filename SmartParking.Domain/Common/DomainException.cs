namespace SmartParking.Domain.Common;

// A rule an aggregate guards was broken. It carries the error's code, not a sentence, so a guard reads it in the
// language of the screen in front of them.
public class DomainException : Exception
{
    public DomainException(DomainError error) : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public DomainException(string code, params object[] arguments) : this(DomainError.Of(code, arguments))
    {
    }

    public DomainError Error { get; }

    public string Code => Error.Code;

    public IReadOnlyList<object> Arguments => Error.Arguments;
}
