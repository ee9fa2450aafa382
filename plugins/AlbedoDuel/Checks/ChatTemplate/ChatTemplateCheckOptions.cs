using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>Options of <c>chat-template</c> (section <c>Components:chat-template</c>).</summary>
public sealed class ChatTemplateCheckOptions
{
    /// <summary>The canonical template: a <c>.jinja</c> file or a model folder; relative to the configuration file.</summary>
    [Required]
    public string TemplatePath { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the canonical template's UTF-8 text; the file must hash to it at start-up.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Sha256 must be 64 hexadecimal characters.")]
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>A model with no chat template at all is rejected (true) or accepted, the canonical one being enforced anyway (false).</summary>
    public bool RequireTemplate { get; set; } = true;
}
