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
        else
            foreach (var font in (string[])["ipaexm.ttf", "ipaexg.ttf"])
                if (!File.Exists(Path.Combine(Directory, "fonts", font)))
                    yield return new ValidationResult($"Templates:Directory '{Directory}' has no fonts/{font}; copy the repository's templates/fonts folder there.", [nameof(Directory)]);
    }
}
