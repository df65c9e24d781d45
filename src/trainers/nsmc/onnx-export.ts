import onnxProto, { type onnx } from 'onnx-proto';
import { labelWords, type ModelWeights } from './model';

const { ModelProto, TensorProto, AttributeProto } = onnxProto.onnx;
const { DataType } = TensorProto;
const { AttributeType } = AttributeProto;

export const onnxInputName = 'feature_ids';
export const onnxOutputNames = { logits: 'label_logits', probabilities: 'label_probs' } as const;

/**
 * The embedding-bag classifier as an ONNX graph (opset 13). Input `feature_ids` int64 [batch, slots]
 * holds each review's hashed n-gram rows, padded with `padId` = buckets, which indexes an extra
 * all-zero embedding row:
 *
 *   bag    = ReduceSum(Gather(embedding, ids), axis 1) / max(1, count of ids ≠ padId)
 *   hidden = Relu(Gemm(bag, W1ᵀ) + b1)            (only when hiddenDim > 0)
 *   label_logits = Gemm(hidden or bag, W2ᵀ) + b2;  label_probs = Softmax(label_logits)
 *
 * Metadata records the label words and the feature settings the ids must be computed with.
 */
export function buildOnnxModel(weights: ModelWeights, featureMetadata: Record<string, string>): Uint8Array {
  const { buckets, embeddingDim, hiddenDim } = weights.shape;
  const labels = labelWords.length;
  const paddedEmbedding = new Float32Array((buckets + 1) * embeddingDim);
  paddedEmbedding.set(weights.embedding);

  const initializers = [
    floatTensor('embedding', [buckets + 1, embeddingDim], paddedEmbedding),
    int64Tensor('pad_id', [], [buckets]),
    int64Tensor('axis_slots', [1], [1]),
    floatTensor('one', [], Float32Array.of(1)),
    floatTensor('output_weight', [labels, hiddenDim > 0 ? hiddenDim : embeddingDim], weights.outputWeight),
    floatTensor('output_bias', [labels], weights.outputBias),
  ];
  const nodes = [
    node('Gather', ['embedding', onnxInputName], ['gathered']),
    node('ReduceSum', ['gathered', 'axis_slots'], ['summed'], { keepdims: 0 }),
    node('Equal', [onnxInputName, 'pad_id'], ['is_pad']),
    node('Not', ['is_pad'], ['is_feature']),
    node('Cast', ['is_feature'], ['feature_mask'], { to: DataType.FLOAT }),
    node('ReduceSum', ['feature_mask', 'axis_slots'], ['feature_count'], { keepdims: 1 }),
    node('Max', ['feature_count', 'one'], ['divisor']),
    node('Div', ['summed', 'divisor'], ['bag']),
  ];
  let outputInput = 'bag';
  if (hiddenDim > 0) {
    initializers.push(floatTensor('hidden_weight', [hiddenDim, embeddingDim], weights.hiddenWeight));
    initializers.push(floatTensor('hidden_bias', [hiddenDim], weights.hiddenBias));
    nodes.push(node('Gemm', ['bag', 'hidden_weight', 'hidden_bias'], ['hidden_pre'], { transB: 1 }));
    nodes.push(node('Relu', ['hidden_pre'], ['hidden']));
    outputInput = 'hidden';
  }
  nodes.push(node('Gemm', [outputInput, 'output_weight', 'output_bias'], [onnxOutputNames.logits], { transB: 1 }));
  nodes.push(node('Softmax', [onnxOutputNames.logits], [onnxOutputNames.probabilities], { axis: 1 }));

  const model = ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'hpsearch-nsmc',
    graph: {
      name: 'nsmc_embedding_bag',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(onnxInputName, DataType.INT64, ['batch', 'slots'])],
      output: [valueInfo(onnxOutputNames.logits, DataType.FLOAT, ['batch', labels]), valueInfo(onnxOutputNames.probabilities, DataType.FLOAT, ['batch', labels])],
    },
    metadataProps: Object.entries({ label_words: JSON.stringify(labelWords), pad_id: String(buckets), ...featureMetadata }).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(model).finish();
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function int64Tensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  const data = BigInt64Array.from(values, BigInt);
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

function node(opType: string, input: string[], output: string[], attributes: Record<string, number> = {}): onnx.INodeProto {
  return {
    opType,
    input,
    output,
    name: output[0],
    attribute: Object.entries(attributes).map(([name, i]) => ({ name, type: AttributeType.INT, i })),
  };
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
