package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;

/**
 * Where a hand-written backward pass hands over to TensorFlow's gradients: the tensors ys that fed
 * the loops, with their gradients dys; xs are the layer's own parameters, whose gradients
 * TensorFlow derives from them (with the layer's input's).
 */
record GradientSeed(List<Operand<?>> ys, List<Operand<?>> dys, List<Operand<?>> xs) {}
