using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartParking.Infrastructure.Common;

/// <summary>Encrypts ID numbers and phone numbers at rest with the app's data-protection key ring.</summary>
public sealed class PersonalDataProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("SmartParking.PersonalData.v1");

    public string Protect(string plain) => _protector.Protect(plain);

    public string Unprotect(string stored) => _protector.Unprotect(stored);

    public ValueConverter<string, string> Converter() => new(plain => Protect(plain), stored => Unprotect(stored));
}

/// <summary>String columns flagged as personal data get the protector's converter when the model is built.</summary>
public static class PersonalDataColumns
{
    public const string Annotation = "SmartParking:PersonalData";

    public static void Apply(ModelBuilder builder, PersonalDataProtector protector)
    {
        var converter = protector.Converter();
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.FindAnnotation(Annotation) is not null)
            {
                property.SetValueConverter(converter);
            }
        }
    }

    /// <summary>Flags a property as personal data (encrypted at rest, so it holds ciphertext up to 512 characters).</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> IsPersonalData(
        this Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> property) =>
        property.HasAnnotation(Annotation, true).HasMaxLength(512);
}

/// <summary>The model holds value converters bound to one key ring, so each protector gets its own cached model.</summary>
internal sealed class PersonalDataModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is ParkingDbContext parking
            ? (context.GetType(), parking.PersonalData, designTime)
            : (object)(context.GetType(), designTime);
}
