using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Compiled queries kept per model (decision 057): EF's compiled query serves only the model it first ran with, and
/// the model is built per data-protection key ring (the converters of personal data), so each model compiles its own.
/// </summary>
internal sealed class PerModel<T>(Func<T> compile) where T : class
{
    private readonly ConditionalWeakTable<IModel, T> _compiled = [];

    public T For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
