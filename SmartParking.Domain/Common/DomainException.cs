namespace SmartParking.Domain.Common;

// The message is shown to a guard or admin as-is, so it names the rule that was broken.
public class DomainException : Exception
{
    public DomainException(string message) : base(message)
    {
    }
}
