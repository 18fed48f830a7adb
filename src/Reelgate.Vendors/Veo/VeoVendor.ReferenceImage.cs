using Reelgate.Core.Ports;
using Reelgate.Vendors.Http;

namespace Reelgate.Vendors.Veo;

internal sealed partial class VeoVendor
{
    private const long MaxReferenceImageBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Downloads the caller's reference image: the Gemini API takes image bytes only (<c>gcsUri</c> is
    /// Vertex's). Every way it can fail is the caller's input, so it fails the job without fall-through.
    /// </summary>
    private async Task<VeoImage> FetchReferenceImageAsync(string jobId, string url, CancellationToken cancellationToken)
    {
        try
        {
            var image = await referenceImages.FetchAsync(url, MaxReferenceImageBytes, _options.RequestTimeout, cancellationToken);
            Log.ReferenceImageFetched(log, jobId, image.Bytes.Length, image.MediaType);
            return new VeoImage { BytesBase64Encoded = image.Base64, MimeType = image.MediaType };
        }
        catch (ReferenceImageUnusableException ex)
        {
            throw new VendorException(
                new VendorFailure(VeoFailures.ReferenceImageUnusable, $"The reference image cannot be used: {ex.Message}.", IsVendorFault: false),
                innerException: ex);
        }
    }
}
