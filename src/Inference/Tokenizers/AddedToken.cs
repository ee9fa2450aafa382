namespace Tournament.Inference.Tokenizers;

/// <summary>An entry of <c>added_tokens</c> in tokenizer.json.</summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip, bool Normalized, bool SingleWord);
