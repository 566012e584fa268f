using System.ComponentModel.DataAnnotations;

namespace Training.Configuration;

/// <summary>Section "Templates": where email templates, certificate layouts and fonts are read from.</summary>
public class TemplatesOptions : IValidatableObject
{
    public const string Section = "Templates";

    /// <summary>Empty means the templates folder shipped beside the application.</summary>
    public string Directory { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "email")))
            yield return new ValidationResult($"Templates:Directory '{Directory}' has no email folder; point it at the repository's templates folder.", [nameof(Directory)]);
    }
}
