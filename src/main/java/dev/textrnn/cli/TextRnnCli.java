package dev.textrnn.cli;
public class TextRnnCli { public static void main(String[] a) {} }
