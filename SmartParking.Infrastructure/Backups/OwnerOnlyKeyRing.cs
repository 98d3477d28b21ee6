using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace SmartParking.Infrastructure.Backups;

/// <summary>The key ring on the file system, as Data Protection keeps it, with each new key file readable by the app's user only.</summary>
internal sealed class OwnerOnlyKeyRing(DirectoryInfo folder, ILoggerFactory loggers) : IXmlRepository
{
    private readonly FileSystemXmlRepository _files = new(OwnerOnly.CreateFolder(folder.FullName), loggers);

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        OwnerOnly.FolderAndFiles(folder.FullName);
    }
}
