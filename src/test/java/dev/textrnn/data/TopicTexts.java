package dev.textrnn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Made-up labelled texts of three topics that a small model learns in a few epochs. */
public final class TopicTexts {
  /** The class names, alphanumeric. */
  public static final List<String> TOPICS = List.of("cooking", "sports", "weather");

  private static final List<List<String>> TOPIC_WORDS =
      List.of(
          List.of("oven", "recipe", "flour", "simmer", "garlic"),
          List.of("goal", "referee", "match", "league", "coach"),
          List.of("rain", "forecast", "cloudy", "storm", "breeze"));
  private static final List<String> FILLER =
      List.of("the", "a", "today", "was", "very", "and", "it", "we", "then", "so");

  /** Texts and their labels, in the same order. */
  public record Labelled(List<String> texts, List<String> labels) {}

  private TopicTexts() {}

  /** Texts of 3 topic words among 6 filler words, the topics taking turns. */
  public static Labelled topics(int count, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int topic = i % TOPICS.size();
      List<String> words = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        words.add(TOPIC_WORDS.get(topic).get(random.nextInt(5)));
      }
      for (int w = 0; w < 6; w++) {
        words.add(FILLER.get(random.nextInt(FILLER.size())));
      }
      Collections.shuffle(words, random);
      texts.add(String.join(" ", words));
      labels.add(TOPICS.get(topic));
    }
    return new Labelled(texts, labels);
  }
}
