package dev.kiln.processor.parse;

import com.sun.source.tree.Tree;

/** A forward parameter and its {@code @Shape} text. */
public record InputDecl(String name, String shape, Tree tree) {}
