using System.Security.Cryptography;
using System.Text;

namespace Granary.Grains.Orders;

/// <summary>
/// An order's id is derived from its buyer and idempotency key, so a repeated request reaches the same order grain
/// (and one user's key can never name another user's order).
/// </summary>
public static class OrderIds
{
    public static Guid For(Guid userId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"granary/order/{userId:N}/{idempotencyKey}"));
        // RFC 9562 version 8 (custom) with the RFC variant, from the hash's first 16 bytes.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
