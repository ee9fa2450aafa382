namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>Checks that every type reference of the metadata resolves, and resolves calls and storage keys.</summary>
internal static class MetadataTypeChecks
{
    public static void Validate(MetadataType[] types)
    {
        foreach (MetadataType t in types)
        {
            foreach (MetadataField f in t.Fields)
            {
                Check(types, f.TypeId);
            }

            foreach (MetadataVariant v in t.Variants)
            {
                foreach (MetadataField f in v.Fields)
                {
                    Check(types, f.TypeId);
                }
            }

            foreach (uint e in t.TupleTypes)
            {
                Check(types, e);
            }

            if (t.Kind is TypeKind.Sequence or TypeKind.Array or TypeKind.Compact or TypeKind.BitSequence)
            {
                Check(types, t.Element);
            }
        }
    }

    public static uint Check(MetadataType[] types, uint id)
        => id < types.Length ? id : throw new MetadataFormatException($"The metadata refers to type {id} but has only {types.Length} types.");

    public static CallMetadata[] Calls(MetadataType[] types, uint callType, string pallet)
    {
        MetadataType t = types[Check(types, callType)];
        if (t.Kind != TypeKind.Variant)
        {
            throw new MetadataFormatException($"The call type of pallet '{pallet}' is not an enum.");
        }

        return [.. t.Variants.Select(v => new CallMetadata(v.Name, v.Index, v.Fields))];
    }

    /// <summary>One key type per hasher: the key itself for one hasher, the tuple's elements for several.</summary>
    public static uint[] KeyTypes(MetadataType[] types, uint keyType, int hashers, string item)
    {
        MetadataType key = types[Check(types, keyType)];
        if (hashers == 1)
        {
            return [key.Id];
        }

        if (key.Kind != TypeKind.Tuple || key.TupleTypes.Count != hashers)
        {
            throw new MetadataFormatException($"Storage item '{item}' has {hashers} hashers but its key is not a tuple of {hashers} types.");
        }

        return [.. key.TupleTypes];
    }
}
