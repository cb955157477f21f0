package dev.textrnn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The JSON of TensorFlow Serving's model status and metadata APIs: GetModelStatusResponse and
 * GetModelMetadataResponse as its REST handler prints them (protobuf's JSON with the proto field
 * names, every field printed, int64 as strings; tensorflow_serving/model_servers/
 * http_rest_api_util.cc, ToJsonString).
 */
final class StatusJson {
  private StatusJson() {}

  /** {"model_version_status": [{"version", "state", "status": {"error_code", "error_message"}}]} */
  static byte[] status(List<ModelVersions.Status> statuses) {
    ObjectNode root = TensorJson.JSON.createObjectNode();
    ArrayNode versions = root.putArray("model_version_status");
    for (ModelVersions.Status status : statuses) {
      ObjectNode version = versions.addObject();
      version.put("version", Long.toString(status.version()));
      version.put("state", status.state().name());
      ObjectNode detail = version.putObject("status");
      detail.put("error_code", status.errorCode());
      detail.put("error_message", status.errorMessage());
    }
    return bytes(root);
  }

  /**
   * {"model_spec": {"name", "signature_name": "", "version"}, "metadata": {"signature_def":
   * {"signature_def": {KEY: SignatureDef}}}}, the signatures by key in sorted order.
   */
  static byte[] metadata(String name, long version, Map<String, SignatureDef> signatures) {
    ObjectNode root = TensorJson.JSON.createObjectNode();
    ObjectNode spec = root.putObject("model_spec");
    spec.put("name", name);
    spec.put("signature_name", "");
    spec.put("version", Long.toString(version));
    ObjectNode defs =
        root.putObject("metadata").putObject("signature_def").putObject("signature_def");
    new TreeMap<>(signatures)
        .forEach(
            (key, signature) -> {
              ObjectNode def = defs.putObject(key);
              tensors(def.putObject("inputs"), signature.getInputsMap());
              tensors(def.putObject("outputs"), signature.getOutputsMap());
              def.put("method_name", signature.getMethodName());
              def.putObject("defaults");
            });
    return bytes(root);
  }

  private static void tensors(ObjectNode node, Map<String, TensorInfo> tensors) {
    new TreeMap<>(tensors)
        .forEach(
            (key, tensor) -> {
              ObjectNode info = node.putObject(key);
              info.put("dtype", tensor.getDtype().name());
              if (tensor.hasTensorShape()) {
                ObjectNode shape = info.putObject("tensor_shape");
                ArrayNode dims = shape.putArray("dim");
                for (TensorShapeProto.Dim dim : tensor.getTensorShape().getDimList()) {
                  dims.addObject()
                      .put("size", Long.toString(dim.getSize()))
                      .put("name", dim.getName());
                }
                shape.put("unknown_rank", tensor.getTensorShape().getUnknownRank());
              }
              info.put("name", tensor.getName());
            });
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return TensorJson.JSON
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(root)
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
