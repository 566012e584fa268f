namespace Training.Web;

/// <summary>
/// Marker for the shared string table. Keys are the Japanese text itself, so pages read naturally and Japanese
/// (the default) needs no resource file; Resources/SharedResource.en.resx holds the English.
/// </summary>
public sealed class SharedResource;
