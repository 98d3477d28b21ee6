namespace SmartParking.Domain.Billing;

public enum CustomerClass
{
    Visitor,
    Owner,
}
